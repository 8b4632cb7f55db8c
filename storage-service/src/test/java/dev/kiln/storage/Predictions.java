package dev.kiln.storage;

import java.util.UUID;

/** Test prediction ids: random, so that tests never meet each other's records or rows. */
final class Predictions {

    private Predictions() {
    }

    /** 26 lowercase base32-alphabet characters, like Kiln's ids. */
    static String newId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 26);
    }
}
