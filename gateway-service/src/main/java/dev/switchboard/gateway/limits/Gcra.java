package dev.switchboard.gateway.limits;

/**
 * The generic cell rate algorithm over one minute, the arithmetic both the Redis script ({@code rate-limit.lua})
 * and the in-memory fallback run, so a replica that loses Redis decides the way the cluster did. A limit of
 * {@code n} per minute stores one number, its theoretical arrival time (TAT): each unit moves it {@code 60 s / n}
 * later, never earlier than now. A request is admitted while the TAT stays within a minute of now, so an idle key
 * may send {@code n} at once and then one every {@code 60 s / n}: no window edge where twice the limit gets
 * through, and no per-request history kept.
 * <p>
 * Tokens are known only once a generation ends, so token limits are post-paid: a request is admitted while at
 * least one token of the minute is left, and its tokens are added when it ends (which may take the TAT past the
 * minute: the key then waits until that debt has drained). Times are microseconds, as doubles, like Lua's numbers.
 * A count remembers the rate it was made at, so a changed limit keeps the units already used ({@link #rescaled}).
 */
public final class Gcra {

    public static final double PERIOD_MICROS = 60_000_000d;

    private Gcra() {
    }

    /** Microseconds one unit takes of a limit of {@code perMinute}. */
    public static double interval(long perMinute) {
        return PERIOD_MICROS / perMinute;
    }

    /** The TAT after one more request, from the stored one (0 = none). */
    public static double afterRequest(double tat, double now, long perMinute) {
        return Math.max(tat, now) + interval(perMinute);
    }

    /** Whether a request whose TAT would become {@code next} is within the limit. */
    public static boolean requestFits(double next, double now) {
        return next - now <= PERIOD_MICROS;
    }

    /** Whether a token limit whose TAT is {@code tat} has at least one token left. */
    public static boolean tokensFit(double tat, double now, long perMinute) {
        return Math.max(tat, now) - now + interval(perMinute) <= PERIOD_MICROS;
    }

    /** Units left at {@code tat} (never below zero). */
    public static long remaining(double tat, double now, long perMinute) {
        double used = Math.max(tat, now) - now;
        return Math.max(0, (long) Math.floor((PERIOD_MICROS - used) / interval(perMinute)));
    }

    /** Microseconds until the limit is whole again. */
    public static long resetMicros(double tat, double now) {
        return (long) Math.ceil(Math.max(tat, now) - now);
    }

    /** Microseconds until a refused request would fit (request limits: {@code next} is the TAT it would have set). */
    public static long requestRetryMicros(double next, double now) {
        return Math.max(0, (long) Math.ceil(next - PERIOD_MICROS - now));
    }

    /** Microseconds until a token limit at {@code tat} has a token again. */
    public static long tokensRetryMicros(double tat, double now, long perMinute) {
        return Math.max(0, (long) Math.ceil(Math.max(tat, now) + interval(perMinute) - PERIOD_MICROS - now));
    }

    /**
     * The TAT counted at {@code was} per minute, carried over to a changed limit of {@code now} per minute: the
     * units used stay used (raising a limit frees room at once, lowering it may leave the key waiting).
     */
    public static double rescaled(double tat, double now, long was, long perMinute) {
        if (tat <= now) {
            return now;
        }
        return was == perMinute ? tat : now + (tat - now) * was / perMinute;
    }

    /** The TAT after {@code tokens} were used. */
    public static double afterTokens(double tat, double now, long perMinute, long tokens) {
        return Math.max(tat, now) + tokens * interval(perMinute);
    }
}
