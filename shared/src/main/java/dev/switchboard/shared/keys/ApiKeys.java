package dev.switchboard.shared.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The shape of Switchboard API keys: {@code sk-sb-v1-} followed by 64 lower-case hex characters (256 random bits).
 * accounts-service issues them and stores only the hash; the gateway hashes what a client sends and looks it up.
 */
public final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static final String PREFIX = "sk-sb-v1-";
    private static final Pattern SHAPE = Pattern.compile("^sk-sb-v1-[0-9a-f]{64}$");

    /**
     * What an API that takes a management key as its credential answers (401) when the {@code Authorization} header
     * carries none that is usable: missing, malformed, unknown, disabled, deleted, expired, or of a deleted organization.
     */
    public static final String INVALID_MANAGEMENT_KEY = "Missing or invalid API key";

    private ApiKeys() {
    }

    /** What such an API answers (403) to a usable inference key; {@code purpose} names what needs the management key. */
    public static String inferenceKeyRefused(String purpose) {
        return "This is an inference key; " + purpose + " needs a management key (create one in the dashboard).";
    }

    /** The secret of an {@code Authorization: Bearer sk-sb-v1-…} header, or null when the header holds no well-formed key. */
    public static String bearerSecret(String authorization) {
        String secret = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
        return hasValidShape(secret) ? secret : null;
    }

    /** A new secret: 256 bits from a CSPRNG. Shown to its owner once; only {@link #hash} of it is kept. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }

    public static boolean hasValidShape(String secret) {
        return secret != null && SHAPE.matcher(secret).matches();
    }

    /** Lower-case hex SHA-256 of the whole secret: what {@code api_keys.key_hash} stores. */
    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What lists show of a key: "sk-sb-v1-3f9…a1c". */
    public static String label(String secret) {
        return secret.substring(0, PREFIX.length() + 3) + "…" + secret.substring(secret.length() - 3);
    }
}
