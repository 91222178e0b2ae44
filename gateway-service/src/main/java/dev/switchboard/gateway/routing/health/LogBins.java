package dev.switchboard.gateway.routing.health;

/**
 * Log-spaced histogram bins: 64 bins, each 25 % wider than the one before, so a percentile read from them is the
 * bin's geometric middle, within about ±12 % of the true value, in 256 bytes per histogram however many samples.
 * Histograms of several minutes or replicas merge by adding their bins, which a reservoir cannot do.
 */
enum LogBins {

    /** Latency to first token in milliseconds: 1 ms to about 27 minutes. */
    LATENCY(1.0),
    /** Output tokens per second: 0.1 to about 160,000. */
    THROUGHPUT(0.1);

    static final int SIZE = 64;
    private static final double RATIO = 1.25;
    private static final double LOG_RATIO = Math.log(RATIO);

    private final double lowest;

    LogBins(double lowest) {
        this.lowest = lowest;
    }

    /** The bin of a value; values below the lowest go to the first bin, values above the range to the last. */
    int bin(double value) {
        if (!(value > lowest)) {
            return 0;
        }
        int bin = (int) (Math.log(value / lowest) / LOG_RATIO);
        return Math.min(bin, SIZE - 1);
    }

    /** The value a bin stands for: its geometric middle. */
    double value(int bin) {
        return lowest * Math.pow(RATIO, bin + 0.5);
    }

    /**
     * The q-quantile (0..1) of a histogram: the value of the bin holding the sample of rank ceil(q × n); null when
     * the histogram is empty (or null).
     */
    Double quantile(int[] counts, double q) {
        if (counts == null) {
            return null;
        }
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int bin = 0; bin < counts.length; bin++) {
            seen += counts[bin];
            if (seen >= rank) {
                return value(bin);
            }
        }
        return value(counts.length - 1);
    }
}
