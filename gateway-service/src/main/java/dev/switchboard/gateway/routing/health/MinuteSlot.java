package dev.switchboard.gateway.routing.health;

/**
 * One minute of attempts on one endpoint: successes and failures per 10-second slot (for the 30-second window),
 * and histograms of latency to first token and of throughput (allocated on the first success). Not thread-safe:
 * its owner ({@link EndpointState}) guards it. The unit of the in-memory ring, of the Redis hashes and of the
 * {@code endpoint_health} rows alike.
 */
final class MinuteSlot {

    static final int TEN_SECOND_SLOTS = 6;
    static final long MINUTE_MILLIS = 60_000;
    static final long SLOT_MILLIS = 10_000;

    /** Minutes since the epoch. */
    final long minute;
    final int[] successes = new int[TEN_SECOND_SLOTS];
    final int[] failures = new int[TEN_SECOND_SLOTS];
    int[] latency;
    int[] throughput;
    /** This replica's counts of the minute are in {@code endpoint_health} (local slots only). */
    boolean persisted;
    /** Every replica has sent its counts of the minute to Redis, so this snapshot will not change (remote slots only). */
    boolean complete;

    MinuteSlot(long minute) {
        this.minute = minute;
    }

    static long minuteOf(long epochMillis) {
        return Math.floorDiv(epochMillis, MINUTE_MILLIS);
    }

    static int slotOf(long epochMillis) {
        return (int) (Math.floorMod(epochMillis, MINUTE_MILLIS) / SLOT_MILLIS);
    }

    /**
     * @param latencyMillis time to first token, or negative when unknown
     * @param tokensPerSecond output tokens per second, or 0 or less when unknown
     */
    void success(int slot, long latencyMillis, double tokensPerSecond) {
        successes[slot]++;
        if (latencyMillis >= 0) {
            if (latency == null) {
                latency = new int[LogBins.SIZE];
            }
            latency[LogBins.LATENCY.bin(latencyMillis)]++;
        }
        if (tokensPerSecond > 0) {
            if (throughput == null) {
                throughput = new int[LogBins.SIZE];
            }
            throughput[LogBins.THROUGHPUT.bin(tokensPerSecond)]++;
        }
    }

    void failure(int slot) {
        failures[slot]++;
    }

    /** Adds another slot of the same minute (another replica's, or the part not yet sent). */
    void add(MinuteSlot other) {
        for (int i = 0; i < TEN_SECOND_SLOTS; i++) {
            successes[i] += other.successes[i];
            failures[i] += other.failures[i];
        }
        latency = addBins(latency, other.latency);
        throughput = addBins(throughput, other.throughput);
    }

    /** Adds a histogram into a target, allocating it when needed; returns the target. */
    static int[] addBins(int[] target, int[] source) {
        if (source == null) {
            return target;
        }
        int[] sum = target == null ? new int[LogBins.SIZE] : target;
        for (int i = 0; i < LogBins.SIZE; i++) {
            sum[i] += source[i];
        }
        return sum;
    }

    long requests() {
        long n = 0;
        for (int i = 0; i < TEN_SECOND_SLOTS; i++) {
            n += successes[i] + failures[i];
        }
        return n;
    }

    long failureCount() {
        long n = 0;
        for (int f : failures) {
            n += f;
        }
        return n;
    }

    boolean isEmpty() {
        return requests() == 0;
    }

    /** A copy (the part of a minute handed to Redis, or a merged view). */
    MinuteSlot copy() {
        MinuteSlot c = new MinuteSlot(minute);
        c.add(this);
        return c;
    }
}
