package dev.kiln.storage.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** The stored_objects table: what is already in the bucket, so that a redelivered completion stores nothing twice. */
@ApplicationScoped
public class StoredObjects {

    private final DataSource database;

    StoredObjects(DataSource database) {
        this.database = database;
    }

    /** The prediction's stored outputs, by index. */
    public List<StoredObject> of(String predictionId) {
        String sql = "select output_index, object_key, content_type, size_bytes, sha256, source_url"
                + " from stored_objects where prediction_id = ? order by output_index";
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, predictionId);
            List<StoredObject> objects = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    objects.add(new StoredObject(predictionId, rows.getInt(1), rows.getString(2), rows.getString(3),
                            rows.getLong(4), rows.getString(5), rows.getString(6)));
                }
            }
            return objects;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the stored objects of " + predictionId + " failed", e);
        }
    }

    /**
     * Records a stored output. When a concurrent delivery of the same completion got there first, its row stays:
     * both wrote the same key with the provider's same file.
     */
    public void add(StoredObject object) {
        String sql = "insert into stored_objects"
                + " (prediction_id, output_index, object_key, content_type, size_bytes, sha256, source_url)"
                + " values (?, ?, ?, ?, ?, ?, ?) on conflict (prediction_id, output_index) do nothing";
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, object.predictionId());
            statement.setInt(2, object.index());
            statement.setString(3, object.key());
            statement.setString(4, object.contentType());
            statement.setLong(5, object.sizeBytes());
            statement.setString(6, object.sha256());
            statement.setString(7, object.sourceUrl());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording " + object.key() + " failed", e);
        }
    }
}
