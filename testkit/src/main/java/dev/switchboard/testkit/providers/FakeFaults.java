package dev.switchboard.testkit.providers;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Runtime fault rules of a {@link FakeProviderServer}, keyed by the upstream model name a request names (the
 * {@code model} field of OpenAI and Anthropic bodies, the {@code models/{model}:…} path segment of Gemini; exact,
 * case-sensitive). A rule ({@link Fault}) is laid over the request's own directives, the rule winning, so several
 * catalog endpoints pointing at one fake with different upstream names ({@code rt-a}, {@code rt-b}) can fail and
 * recover independently:
 *
 * <pre>{@code
 * fake.faults().fail("rt-a", 503);                // every request to rt-a: 503
 * fake.faults().failNext("rt-a", 429, 2)          // the next 2 requests: 429 asking to retry after 3 s,
 *         .retryAfter("rt-a", 3);                 //   then rt-a answers normally again
 * fake.faults().set("rt-b", Fault.NONE.withHang().times(1));
 * fake.faults().clear("rt-a");  fake.faults().clearAll();
 * }</pre>
 *
 * The single-effect methods ({@link #fail}, {@link #slow}, {@link #hang}, …) add their effect to the model's rule
 * and keep its other effects and its count; {@link #set} replaces the rule. The count belongs to the whole rule: a
 * request that reaches the answer (after the fake's key and body checks) uses one, and the rule is removed after
 * the last. Thread-safe: tests call these from their own thread while the event loops read the rules.
 * {@link FakeProviderServer#reset()} clears the rules; over HTTP they are {@code /__fake/faults} (see
 * {@link FakeFaultsRoutes}).
 */
public final class FakeFaults {

    private final ConcurrentHashMap<String, Fault> rules = new ConcurrentHashMap<>();

    FakeFaults() {
    }

    /** Replaces the rule of {@code model}. */
    public FakeFaults set(String model, Fault fault) {
        rules.put(key(model), Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /** Every request to {@code model} (or the rule's counted ones) fails with HTTP {@code status} (400..599). */
    public FakeFaults fail(String model, int status) {
        return update(model, rule -> rule.withError(status));
    }

    /** The next {@code times} requests to {@code model} fail with HTTP {@code status}; then it answers normally. */
    public FakeFaults failNext(String model, int status, int times) {
        return update(model, rule -> rule.withError(status).times(times));
    }

    /** Requests to {@code model} wait {@code millis} ms before their first byte. */
    public FakeFaults slow(String model, long millis) {
        return update(model, rule -> rule.withSlow(millis));
    }

    /** Streams of {@code model} wait {@code millis} ms between events. */
    public FakeFaults chunkDelay(String model, long millis) {
        return update(model, rule -> rule.withChunkDelay(millis));
    }

    /** Requests to {@code model} are accepted and never answered. */
    public FakeFaults hang(String model) {
        return update(model, Fault::withHang);
    }

    /** Requests to {@code model} get a 200 with cut JSON (streams: one cut event). */
    public FakeFaults malformed(String model) {
        return update(model, Fault::withMalformed);
    }

    /** Streams of {@code model} send 3 content events, then the format's in-stream error, and close. */
    public FakeFaults midstreamError(String model) {
        return update(model, Fault::withMidstreamError);
    }

    /** Error answers for {@code model} ask to be retried after {@code seconds}, in the format's own form. */
    public FakeFaults retryAfter(String model, int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("retry-after must be 0 or more seconds: " + seconds);
        }
        return update(model, rule -> rule.withRetryAfter(seconds));
    }

    /** Removes the rule of {@code model}: its requests are answered normally again. */
    public FakeFaults clear(String model) {
        rules.remove(key(model));
        return this;
    }

    /** Removes every rule. */
    public FakeFaults clearAll() {
        rules.clear();
        return this;
    }

    /** The current rule of {@code model} (with its remaining count), or null. */
    public Fault get(String model) {
        return rules.get(key(model));
    }

    /** A snapshot of every rule, by model name in order. */
    public Map<String, Fault> all() {
        return new TreeMap<>(rules);
    }

    /** The rule for one request to {@code model}, counting it: null when there is none. */
    Fault take(String model) {
        if (model == null || model.isEmpty()) {
            return null;
        }
        Fault[] taken = new Fault[1];
        rules.computeIfPresent(model, (name, rule) -> {
            taken[0] = rule;
            if (rule.unlimited()) {
                return rule;
            }
            return rule.times() == 1 ? null : rule.times(rule.times() - 1);
        });
        return taken[0];
    }

    private FakeFaults update(String model, UnaryOperator<Fault> change) {
        rules.compute(key(model), (name, rule) -> change.apply(rule == null ? Fault.NONE : rule));
        return this;
    }

    private static String key(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a fault rule needs an upstream model name");
        }
        return model;
    }
}
