package dev.switchboard.gateway.metering;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What each generation adds to the Prometheus series, by model, provider, API and status: its duration
 * ({@code switchboard_generations_seconds}, a histogram with fixed buckets so that every replica's can be summed),
 * its tokens ({@code switchboard_tokens_total{type}}) and its cost ({@code switchboard_credits_consumed_nano_usd_total});
 * and per metering batch, how long its oldest generation waited from the end of its request to the commit
 * ({@code switchboard_metering_lag_seconds}). The meters of one tag set are looked up once and kept.
 */
final class GenerationMetrics {

    /** From a cached reply to a long generation; fixed, so histograms of replicas add up. */
    private static final Duration[] DURATION_BUCKETS = {Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private record Key(String model, String provider, String api, int status, boolean streamed) {
    }

    private record Meters(Timer duration, Counter prompt, Counter completion, Counter cached, Counter reasoning, Counter cost) {
    }

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();
    private final Timer lag;

    GenerationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lag = Timer.builder("switchboard.metering.lag")
                .description("Per metering batch: from the end of its oldest request to the batch's commit")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(250), Duration.ofSeconds(1),
                        Duration.ofSeconds(5), Duration.ofSeconds(30))
                .register(registry);
    }

    void record(GenerationRecord g) {
        Meters m = meters.computeIfAbsent(new Key(g.modelId(), g.providerId(), g.apiType(), g.status(), g.streamed()), this::register);
        Integer total = g.generationTimeMs() != null ? g.generationTimeMs() : g.latencyMs();
        if (total != null) {
            m.duration().record(total, TimeUnit.MILLISECONDS);
        }
        m.prompt().increment(g.tokensPrompt());
        m.completion().increment(g.tokensCompletion());
        m.cached().increment(g.tokensCached());
        m.reasoning().increment(g.tokensReasoning());
        m.cost().increment(g.costNanos());
    }

    /** A batch committed at {@code committedMillis}; {@code oldestEndMillis} is when its oldest request ended. */
    void batchWritten(long oldestEndMillis, long committedMillis) {
        lag.record(Math.max(0, committedMillis - oldestEndMillis), TimeUnit.MILLISECONDS);
    }

    /** When the request of {@code g} ended, in epoch milliseconds. */
    static long endMillis(GenerationRecord g) {
        Integer total = g.generationTimeMs() != null ? g.generationTimeMs() : g.latencyMs();
        return g.createdAt().toEpochMilli() + (total == null ? 0 : total);
    }

    private Meters register(Key key) {
        Tags tags = Tags.of("model", key.model(), "provider", key.provider(), "api", key.api() == null ? "unknown" : key.api());
        Tags outcome = tags.and("status", Integer.toString(key.status()), "streamed", Boolean.toString(key.streamed()));
        return new Meters(
                Timer.builder("switchboard.generations").tags(outcome).serviceLevelObjectives(DURATION_BUCKETS)
                        .description("Generations (requests that reached a provider) and their duration").register(registry),
                tokens(tags, "prompt"), tokens(tags, "completion"), tokens(tags, "cached"), tokens(tags, "reasoning"),
                Counter.builder("switchboard.credits.consumed").baseUnit("nano_usd").tags(tags)
                        .description("Credit charged for generations, in nano-USD").register(registry));
    }

    private Counter tokens(Tags tags, String type) {
        return Counter.builder("switchboard.tokens").tags(tags).tag("type", type)
                .description("Tokens of generations by type (cached and reasoning are parts of prompt and completion)").register(registry);
    }
}
