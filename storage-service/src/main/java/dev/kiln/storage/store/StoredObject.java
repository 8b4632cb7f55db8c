package dev.kiln.storage.store;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * Output {@code index} of a prediction, as it lies in the bucket under {@code key}: a row of stored_objects, so that a
 * redelivered completion finds what is already in the bucket and stores nothing twice.
 */
@Entity
@Table(name = "stored_objects")
@IdClass(StoredObject.Key.class)
public class StoredObject extends PanacheEntityBase {

    /** The primary key: (prediction_id, output_index). */
    public record Key(String predictionId, int outputIndex) implements Serializable {

        public Key() {
            this(null, 0);
        }
    }

    @Id
    private String predictionId;
    @Id
    private int outputIndex;
    private String objectKey;
    private String contentType;
    private long sizeBytes;
    private String sha256;
    private String sourceUrl;

    protected StoredObject() {
        // for JPA
    }

    public StoredObject(String predictionId, int index, String key, String contentType, long sizeBytes,
            String sha256, String sourceUrl) {
        this.predictionId = predictionId;
        this.outputIndex = index;
        this.objectKey = key;
        this.contentType = contentType;
        this.sizeBytes = sizeBytes;
        this.sha256 = sha256;
        this.sourceUrl = sourceUrl;
    }

    /** The prediction's stored outputs, by index. */
    static List<StoredObject> findByPrediction(String predictionId) {
        return list("predictionId = ?1 order by outputIndex", predictionId);
    }

    /**
     * Records the stored output; call it in a transaction. When a concurrent delivery of the same completion got
     * there first, its row stays: both wrote the same key with the provider's same file.
     */
    void record() {
        // Native SQL because JPA cannot say ON CONFLICT DO NOTHING: a persist() would fail the losing delivery with a
        // constraint violation (and retry the whole record) where there is nothing wrong.
        getEntityManager().createNativeQuery("insert into stored_objects"
                        + " (prediction_id, output_index, object_key, content_type, size_bytes, sha256, source_url)"
                        + " values (:prediction, :index, :key, :type, :size, :sha256, :source)"
                        + " on conflict (prediction_id, output_index) do nothing")
                .setParameter("prediction", predictionId)
                .setParameter("index", outputIndex)
                .setParameter("key", objectKey)
                .setParameter("type", contentType)
                .setParameter("size", sizeBytes)
                .setParameter("sha256", sha256)
                .setParameter("source", sourceUrl)
                .executeUpdate();
    }

    public String predictionId() {
        return predictionId;
    }

    public int index() {
        return outputIndex;
    }

    public String key() {
        return objectKey;
    }

    public String contentType() {
        return contentType;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public String sha256() {
        return sha256;
    }

    public String sourceUrl() {
        return sourceUrl;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredObject object && predictionId.equals(object.predictionId)
                && outputIndex == object.outputIndex;
    }

    @Override
    public int hashCode() {
        return Objects.hash(predictionId, outputIndex);
    }
}
