package dev.kiln.gateway.prediction;

import java.security.SecureRandom;

/** Prediction ids: 130 random bits as 26 lowercase base32 characters, unguessable and URL-safe. */
public final class PredictionIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int LENGTH = 26;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PredictionIds() {
    }

    public static String next() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET[bytes[i] & 31];
        }
        return new String(id);
    }

    public static boolean isWellFormed(String id) {
        return id != null && id.length() == LENGTH && id.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '2' && c <= '7');
    }
}
