package dev.kiln.webhook;

import java.security.SecureRandom;

/** Fresh ids for each test, so that tests never see each other's records. */
public final class Ids {

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** 26 random characters of lowercase base32 ({@code [a-z2-7]}), the shape of Kiln's (and Replicate's) ids. */
    public static String newId() {
        StringBuilder id = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            id.append(BASE32.charAt(RANDOM.nextInt(BASE32.length())));
        }
        return id.toString();
    }
}
