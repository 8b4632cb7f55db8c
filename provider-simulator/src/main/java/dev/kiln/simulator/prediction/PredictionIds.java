package dev.kiln.simulator.prediction;

import java.util.concurrent.ThreadLocalRandom;

/** Replicate-style ids: 128 random bits in lowercase base32 without padding, 26 characters of [a-z2-7]. */
public final class PredictionIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private PredictionIds() {
    }

    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        long low = random.nextLong();
        char[] id = new char[26];
        for (int i = 0; i < 26; i++) {
            // Take the 128 bits five at a time from the top; the last character gets the 3 remaining bits.
            int bitIndex = i * 5;
            int value = 0;
            for (int b = 0; b < 5; b++) {
                int bit = bitIndex + b;
                if (bit < 128) {
                    long word = bit < 64 ? high : low;
                    value = (value << 1) | (int) ((word >>> (63 - (bit % 64))) & 1);
                } else {
                    value <<= 1;
                }
            }
            id[i] = ALPHABET[value];
        }
        return new String(id);
    }
}
