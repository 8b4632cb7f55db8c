package dev.kiln.apitokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The shape of a Kiln API token: {@code kiln_} and 40 lower-case base32 characters (200 random bits). Only its
 * SHA-256 is ever stored; a leaked database or Redis dump holds no usable token. The prefix lets a secret scanner
 * (and this library) recognise a Kiln token at a glance, as Replicate's {@code r8_} does.
 */
public final class ApiTokens {

    public static final String PREFIX = "kiln_";
    /** Characters of the token that a list may show, to help its owner recognise it: {@code kiln_} and 4 more. */
    public static final int HINT_LENGTH = PREFIX.length() + 4;

    private static final int RANDOM_CHARACTERS = 40;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokens() {
    }

    /** A new token. Show it to its owner once; keep only {@link #hash}. */
    public static String generate() {
        var token = new StringBuilder(PREFIX.length() + RANDOM_CHARACTERS).append(PREFIX);
        for (int i = 0; i < RANDOM_CHARACTERS; i++) {
            token.append(BASE32[RANDOM.nextInt(BASE32.length)]);
        }
        return token.toString();
    }

    /** Whether a bearer credential is meant to be a Kiln API token (not whether it is a valid one). */
    public static boolean looksLikeApiToken(String credential) {
        return credential != null && credential.startsWith(PREFIX);
    }

    /** SHA-256 in lower-case hex: what the registry and the database store in place of the token. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** The start of the token that its owner may be shown again later, e.g. {@code kiln_ab3x}. */
    public static String hint(String token) {
        return token.substring(0, Math.min(HINT_LENGTH, token.length()));
    }
}
