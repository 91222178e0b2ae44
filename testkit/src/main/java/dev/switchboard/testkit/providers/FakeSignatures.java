package dev.switchboard.testkit.providers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The opaque signatures the fakes put on reasoning, checked when a conversation sends them back, as the real
 * providers check theirs: Anthropic's {@code thinking} block signature covers the thinking text (a changed text or
 * signature is refused), Gemini's {@code thoughtSignature} is only valid if Gemini issued it.
 */
final class FakeSignatures {

    private static final Set<String> ISSUED_BY_GEMINI = ConcurrentHashMap.newKeySet();

    private FakeSignatures() {
    }

    /** Anthropic's thinking signature: over the thinking text. */
    static String overThinking(String thinking) {
        return "EqQB" + digest("anthropic-thinking\0" + thinking);
    }

    /** A fresh Gemini thought signature for the {@code part}-th part of a response, remembered as issued. */
    static String issueGemini(String responseId, int part) {
        String signature = "CiQB" + digest("gemini-thought\0" + responseId + "\0" + part);
        ISSUED_BY_GEMINI.add(signature);
        return signature;
    }

    static boolean issuedByGemini(String signature) {
        return ISSUED_BY_GEMINI.contains(signature);
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
