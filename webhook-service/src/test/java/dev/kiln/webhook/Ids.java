package dev.kiln.webhook;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/** Fresh ids for each test, so that tests never see each other's records. */
public final class Ids {

    private Ids() {
    }

    /** 26 lowercase base32 characters from a random UUID, the shape of Kiln's (and Replicate's) ids. */
    public static String newId() {
        UUID uuid = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        String base32 = new BigInteger(1, bytes).toString(32);
        return "0".repeat(26 - base32.length()) + base32;
    }
}
