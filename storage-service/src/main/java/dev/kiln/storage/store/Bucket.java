package dev.kiln.storage.store;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import dev.kiln.storage.StorageConfig;
import dev.kiln.storage.fetch.Download;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The outputs bucket. Blocking: call it from a worker thread. */
@ApplicationScoped
public class Bucket {

    /** The user metadata key (x-amz-meta-sha256) holding the object's SHA-256 in hex, for tools that prefer it. */
    public static final String SHA256_METADATA = "sha256";

    private final S3Client s3;
    private final String name;

    Bucket(S3Client s3, StorageConfig config) {
        this.s3 = s3;
        this.name = config.bucket();
    }

    /**
     * Puts the download under {@code key}. S3 checks the body against its SHA-256 (ChecksumSHA256) and keeps the
     * checksum, so the stored object is verifiably the downloaded one.
     */
    public void put(String key, Download download) {
        String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(download.sha256()));
        s3.putObject(request -> request
                        .bucket(name)
                        .key(key)
                        .contentType(download.type().mediaType())
                        .contentLength(download.length())
                        .checksumSHA256(checksum)
                        .metadata(Map.of(SHA256_METADATA, download.sha256())),
                // From the file: the SDK streams it, and can read it again when it retries.
                RequestBody.fromFile(download.file()));
    }
}
