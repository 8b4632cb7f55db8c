package dev.kiln.storage.store;

import java.util.List;

/** What became of a succeeded prediction's outputs. */
public sealed interface StorageOutcome {

    /** Every output is in the bucket, in output order. */
    record Stored(List<StoredObject> objects) implements StorageOutcome {
    }

    /** An output could not be stored; nothing more will be tried for this prediction. */
    record Failed(String reason) implements StorageOutcome {
    }
}
