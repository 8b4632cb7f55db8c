package dev.kiln.storage;

import java.util.concurrent.ThreadLocalRandom;

/** Test prediction ids: random, so that tests never meet each other's records or rows. */
final class Predictions {

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private Predictions() {
    }

    /** A fresh Kiln prediction id: 26 lowercase base32 characters. */
    static String newId() {
        StringBuilder id = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            id.append(BASE32.charAt(ThreadLocalRandom.current().nextInt(BASE32.length())));
        }
        return id.toString();
    }
}
