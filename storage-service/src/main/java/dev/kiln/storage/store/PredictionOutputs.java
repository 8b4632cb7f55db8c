package dev.kiln.storage.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.kiln.storage.fetch.Download;
import dev.kiln.storage.fetch.OutputRejectedException;
import dev.kiln.storage.fetch.ProviderFiles;
import dev.kiln.storage.metrics.StorageMetrics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Copies a succeeded prediction's outputs into the bucket, each under predictions/{id}/{index}.{ext}. It is safe to
 * run again for the same prediction: outputs already recorded are not downloaded again (a redelivery re-publishes
 * them, an interrupted run resumes where it stopped), and a recorded failure stays the outcome.
 * Each row is written in a transaction of its own, right after its object is in the bucket: no download or upload
 * ever holds a transaction or a connection. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class PredictionOutputs {

    private static final Logger LOG = Logger.getLogger(PredictionOutputs.class);

    private final ProviderFiles files;
    private final Bucket bucket;
    private final StorageMetrics metrics;

    PredictionOutputs(ProviderFiles files, Bucket bucket, StorageMetrics metrics) {
        this.files = files;
        this.bucket = bucket;
        this.metrics = metrics;
    }

    /**
     * @param predictionId already checked to be a prediction id: it becomes part of object keys
     * @param completedAt when the prediction completed: the provider's URLs live from then on
     */
    public StorageOutcome store(String predictionId, List<String> outputs, Instant completedAt) {
        var failed = QuarkusTransaction.requiringNew().call(() -> StorageFailure.findReason(predictionId));
        if (failed.isPresent()) {
            return new StorageOutcome.Failed(failed.get());
        }
        if (outputs.isEmpty()) {
            return fail(predictionId, "the prediction succeeded without any output to store");
        }
        Map<Integer, StoredObject> stored = QuarkusTransaction.requiringNew()
                .call(() -> StoredObject.findByPrediction(predictionId)).stream()
                .collect(Collectors.toMap(StoredObject::index, Function.identity()));
        List<StoredObject> result = new ArrayList<>(outputs.size());
        for (int index = 0; index < outputs.size(); index++) {
            StoredObject object = stored.get(index);
            if (object == null) {
                Download download;
                try {
                    download = files.download(index, outputs.get(index), completedAt);
                } catch (OutputRejectedException rejected) {
                    return fail(predictionId, rejected.reason());
                }
                try (download) {
                    object = new StoredObject(predictionId, index, key(predictionId, index, download),
                            download.type().mediaType(), download.length(), download.sha256(), outputs.get(index));
                    // The object before its row: a row always points at an object that exists.
                    bucket.put(object.key(), download);
                    QuarkusTransaction.requiringNew().run(object::record);
                    metrics.stored(download.length());
                }
            }
            result.add(object);
        }
        return new StorageOutcome.Stored(result);
    }

    /** predictions/{prediction id}/{index}.{extension of the detected type} */
    static String key(String predictionId, int index, Download download) {
        return "predictions/" + predictionId + "/" + index + "." + download.type().extension();
    }

    private StorageOutcome fail(String predictionId, String reason) {
        LOG.warnf("Outputs of prediction %s not stored: %s", predictionId, reason);
        metrics.failed();
        return new StorageOutcome.Failed(
                QuarkusTransaction.requiringNew().call(() -> StorageFailure.record(predictionId, reason)));
    }
}
