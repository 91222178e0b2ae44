package dev.switchboard.gateway.routing.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One endpoint's attempts over the last 30 minutes, by minute: this replica's own ({@code local}, what it persists),
 * and, while health is shared, the sum of every replica's as last read from Redis ({@code remote}) plus what this
 * replica has recorded since it last sent ({@code pending}). The merged view is local alone when not shared, else
 * remote + pending. Not thread-safe: {@link EndpointState} guards it.
 */
final class Window {

    /** The current minute and the 30 before it. */
    static final int MINUTES = 31;

    /** Requests and failures over some span. */
    record Counts(long requests, long failures) {

        static final Counts NONE = new Counts(0, 0);

        double successRate() {
            return requests == 0 ? 1 : (double) (requests - failures) / requests;
        }

        Counts plus(Counts other) {
            return new Counts(requests + other.requests, failures + other.failures);
        }
    }

    private final MinuteSlot[] local = new MinuteSlot[MINUTES];
    private final Map<Long, MinuteSlot> pending = new HashMap<>();
    private final Map<Long, MinuteSlot> remote = new HashMap<>();
    private boolean shared;

    void success(long now, long latencyMillis, double tokensPerSecond, boolean share) {
        long minute = MinuteSlot.minuteOf(now);
        int slot = MinuteSlot.slotOf(now);
        localSlot(minute).success(slot, latencyMillis, tokensPerSecond);
        if (share) {
            pending.computeIfAbsent(minute, MinuteSlot::new).success(slot, latencyMillis, tokensPerSecond);
        }
    }

    void failure(long now, boolean share) {
        long minute = MinuteSlot.minuteOf(now);
        int slot = MinuteSlot.slotOf(now);
        localSlot(minute).failure(slot);
        if (share) {
            pending.computeIfAbsent(minute, MinuteSlot::new).failure(slot);
        }
    }

    private MinuteSlot localSlot(long minute) {
        int index = (int) Math.floorMod(minute, (long) MINUTES);
        MinuteSlot slot = local[index];
        if (slot == null || slot.minute != minute) {
            slot = new MinuteSlot(minute); // a minute 31 minutes old leaves the ring (persisted long since, normally)
            local[index] = slot;
        }
        return slot;
    }

    private MinuteSlot localOrNull(long minute) {
        MinuteSlot slot = local[(int) Math.floorMod(minute, (long) MINUTES)];
        return slot != null && slot.minute == minute ? slot : null;
    }

    /** Requests and failures in the last {@code tenSecondSlots} 10-second slots, the current one included (merged). */
    Counts counts(long now, int tenSecondSlots) {
        long requests = 0;
        long failures = 0;
        long minute = MinuteSlot.minuteOf(now);
        int slot = MinuteSlot.slotOf(now);
        MinuteSlot[] sources = new MinuteSlot[2];
        for (int i = 0; i < tenSecondSlots; i++) {
            int n = sourcesOf(minute, sources);
            for (int s = 0; s < n; s++) {
                requests += sources[s].successes[slot] + sources[s].failures[slot];
                failures += sources[s].failures[slot];
            }
            if (--slot < 0) {
                slot = MinuteSlot.TEN_SECOND_SLOTS - 1;
                minute--;
            }
        }
        return new Counts(requests, failures);
    }

    /** The merged histogram of minutes {@code from..to} (both included); null when no sample. */
    int[] histogram(LogBins kind, long fromMinute, long toMinute) {
        int[] sum = null;
        MinuteSlot[] sources = new MinuteSlot[2];
        for (long minute = fromMinute; minute <= toMinute; minute++) {
            int n = sourcesOf(minute, sources);
            for (int s = 0; s < n; s++) {
                sum = MinuteSlot.addBins(sum, kind == LogBins.LATENCY ? sources[s].latency : sources[s].throughput);
            }
        }
        return sum;
    }

    /** Fills {@code into} with what makes up the merged minute; returns how many. */
    private int sourcesOf(long minute, MinuteSlot[] into) {
        int n = 0;
        if (!shared) {
            MinuteSlot slot = localOrNull(minute);
            if (slot != null) {
                into[n++] = slot;
            }
            return n;
        }
        MinuteSlot r = remote.get(minute);
        if (r != null) {
            into[n++] = r;
        }
        MinuteSlot p = pending.get(minute);
        if (p != null) {
            into[n++] = p;
        }
        return n;
    }

    /** This replica's minutes not yet in {@code endpoint_health}, up to {@code lastMinute} (included). */
    List<MinuteSlot> unpersisted(long lastMinute) {
        List<MinuteSlot> slots = new ArrayList<>();
        for (MinuteSlot slot : local) {
            if (slot != null && !slot.persisted && slot.minute <= lastMinute && !slot.isEmpty()) {
                slots.add(slot);
            }
        }
        return slots;
    }

    /** This replica's counts since {@code fromMinute} that are not in {@code endpoint_health} yet. */
    Counts unpersistedSince(long fromMinute) {
        long requests = 0;
        long failures = 0;
        for (MinuteSlot slot : local) {
            if (slot != null && !slot.persisted && slot.minute >= fromMinute) {
                requests += slot.requests();
                failures += slot.failureCount();
            }
        }
        return new Counts(requests, failures);
    }

    /** Whether anything was recorded here (or read from Redis) since {@code fromMinute}. */
    boolean activeSince(long fromMinute) {
        for (MinuteSlot slot : local) {
            if (slot != null && slot.minute >= fromMinute && !slot.isEmpty()) {
                return true;
            }
        }
        return !pending.isEmpty() || remote.values().stream().anyMatch(r -> r.minute >= fromMinute && !r.isEmpty());
    }

    /** Takes what was recorded since the last send, to be sent; those minutes must be read back (not complete). */
    Map<Long, MinuteSlot> drainPending() {
        if (pending.isEmpty()) {
            return Map.of();
        }
        Map<Long, MinuteSlot> drained = new HashMap<>(pending);
        pending.clear();
        drained.keySet().forEach(minute -> {
            MinuteSlot r = remote.get(minute);
            if (r != null) {
                r.complete = false;
            }
        });
        return drained;
    }

    /** Puts back what could not be sent (Redis away), to be sent with the next batch. */
    void restorePending(Map<Long, MinuteSlot> unsent) {
        unsent.forEach((minute, slot) -> pending.merge(minute, slot, (a, b) -> {
            a.add(b);
            return a;
        }));
    }

    /** The minutes (of the last 31) whose merged snapshot must be (re-)read from Redis. */
    List<Long> minutesToRead(long currentMinute, Iterable<Long> sent) {
        List<Long> minutes = new ArrayList<>();
        for (long minute = currentMinute - (MINUTES - 1); minute <= currentMinute; minute++) {
            MinuteSlot r = remote.get(minute);
            if (r == null || !r.complete) {
                minutes.add(minute);
            }
        }
        for (Long minute : sent) {
            if (!minutes.contains(minute) && minute > currentMinute - MINUTES) {
                minutes.add(minute);
            }
        }
        return minutes;
    }

    /** A minute as Redis holds it now (every replica's counts, this one's sent part included). */
    void remote(MinuteSlot snapshot) {
        remote.put(snapshot.minute, snapshot);
    }

    /** Sharing on (the merged view is remote + pending) or off (Redis away: local alone, remote forgotten). */
    void shared(boolean on) {
        shared = on;
        if (!on) {
            remote.clear();
        }
    }

    /** Forgets minutes older than the window (memory stays bounded by the endpoints with recent traffic). */
    void prune(long currentMinute) {
        long oldest = currentMinute - (MINUTES - 1);
        for (int i = 0; i < MINUTES; i++) {
            if (local[i] != null && local[i].minute < oldest && (local[i].persisted || local[i].isEmpty())) {
                local[i] = null;
            }
        }
        for (Iterator<Long> it = remote.keySet().iterator(); it.hasNext(); ) {
            if (it.next() < oldest) {
                it.remove();
            }
        }
        pending.keySet().removeIf(minute -> minute < oldest);
    }
}
