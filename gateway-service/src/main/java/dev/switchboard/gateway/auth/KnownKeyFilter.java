package dev.switchboard.gateway.auth;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A Bloom filter over the SHA-256 hashes of every key that exists: "certainly unknown" costs a few array reads,
 * so a flood of made-up keys never reaches the database. "Maybe known" (the key exists, or one false positive
 * in a few hundred at a million keys with the default size) goes on to the cache and the database. Lock-free;
 * keys are only added: deleted ones leave with the periodic rebuild.
 */
final class KnownKeyFilter {

    private static final int HASHES = 4;
    private final AtomicLongArray words;
    private final long bits;

    /** @param log2Bits the filter's size, 2^log2Bits bits (24: 2 MiB, for up to ~1.5 million keys) */
    KnownKeyFilter(int log2Bits) {
        this.bits = 1L << log2Bits;
        this.words = new AtomicLongArray((int) (bits >>> 6));
    }

    /** Adds a key by its hash (64 lower-case hex characters). */
    void add(String keyHash) {
        long h1 = half(keyHash, 0);
        long h2 = half(keyHash, 16) | 1;
        for (int i = 0; i < HASHES; i++) {
            long bit = (h1 + i * h2) & (bits - 1);
            int word = (int) (bit >>> 6);
            long mask = 1L << (bit & 63);
            long old;
            do {
                old = words.get(word);
            } while ((old & mask) == 0 && !words.compareAndSet(word, old, old | mask));
        }
    }

    /** False only for a key that was never added. */
    boolean mightContain(String keyHash) {
        long h1 = half(keyHash, 0);
        long h2 = half(keyHash, 16) | 1;
        for (int i = 0; i < HASHES; i++) {
            long bit = (h1 + i * h2) & (bits - 1);
            if ((words.get((int) (bit >>> 6)) & (1L << (bit & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** 64 bits of the hash from 16 hex digits at {@code from}: SHA-256 output is uniform, no further mixing is needed. */
    private static long half(String hex, int from) {
        long v = 0;
        for (int i = from; i < from + 16; i++) {
            v = (v << 4) | Character.digit(hex.charAt(i), 16);
        }
        return v;
    }
}
