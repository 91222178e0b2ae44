package dev.switchboard.testkit.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop load at a fixed rate (no coordinated omission: latency counts from when a request was due),
 * for the benchmark script. Prints one JSON line: requests, successes, p50/p90/p99 of the full response time,
 * and with {@code --stream} of the time to the first {@code data:} line.
 * <p>
 * {@code java -cp testkit.jar dev.switchboard.testkit.bench.LoadGenerator --url URL --body FILE
 * [--header 'Name: value']... [--rate 500] [--seconds 10] [--stream] [--warmup 2]}
 */
public final class LoadGenerator {

    public static void main(String[] args) throws Exception {
        String url = null;
        Path body = null;
        List<String> headers = new ArrayList<>();
        int rate = 500;
        int seconds = 10;
        int warmup = 2;
        boolean stream = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--body" -> body = Path.of(args[++i]);
                case "--header" -> headers.add(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--stream" -> stream = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (url == null || body == null) {
            throw new IllegalArgumentException("--url and --body are required");
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(body)))
                .header("Content-Type", "application/json");
        for (String h : headers) {
            int colon = h.indexOf(':');
            builder.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        HttpRequest request = builder.build();
        long warmupOk = 0;
        if (warmup > 0) {
            warmupOk = run(client, request, rate, warmup, stream).samples().stream().filter(Sample::ok).count();
        }
        Result result = run(client, request, rate, seconds, stream);
        String json = result.json(rate, seconds);
        System.out.println(json.substring(0, json.length() - 1) + ",\"warmup_ok\":" + warmupOk + "}");
        System.exit(0);
    }

    private record Sample(long totalNanos, long firstNanos, boolean ok) {
    }

    private record Result(List<Sample> samples, int sent) {
        String json(int rate, int seconds) {
            long[] totals = samples.stream().filter(Sample::ok).mapToLong(Sample::totalNanos).sorted().toArray();
            long[] firsts = samples.stream().filter(s -> s.ok() && s.firstNanos() > 0).mapToLong(Sample::firstNanos).sorted().toArray();
            long ok = samples.stream().filter(Sample::ok).count();
            return String.format(Locale.ROOT,
                    "{\"rate\":%d,\"seconds\":%d,\"sent\":%d,\"ok\":%d,\"errors\":%d,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,"
                            + "\"first_p50_ms\":%.3f,\"first_p99_ms\":%.3f}",
                    rate, seconds, sent, ok, sent - ok, pct(totals, 50), pct(totals, 90), pct(totals, 99), pct(firsts, 50), pct(firsts, 99));
        }

        private static double pct(long[] sorted, double p) {
            if (sorted.length == 0) {
                return -1;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
            return sorted[Math.max(index, 0)] / 1e6;
        }
    }

    private static Result run(HttpClient client, HttpRequest request, int rate, int seconds, boolean stream) throws Exception {
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        int total = rate * seconds;
        AtomicInteger sent = new AtomicInteger();
        long start = System.nanoTime();
        CompletableFuture<Void> allSent = new CompletableFuture<>();
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            // send every request that is due by now, each timed from when it was due
            while (sent.get() < total && start + sent.get() * periodNanos <= now) {
                long due = start + sent.getAndIncrement() * periodNanos;
                CompletableFuture<?> f = send(client, request, due, stream, samples);
                synchronized (inFlight) {
                    inFlight.add(f);
                }
            }
            if (sent.get() >= total) {
                allSent.complete(null);
            }
        }, 0, Math.max(periodNanos / 2, 100_000), TimeUnit.NANOSECONDS);
        allSent.get(seconds + 30L, TimeUnit.SECONDS);
        ticker.shutdownNow();
        CompletableFuture<?>[] futures;
        synchronized (inFlight) {
            futures = inFlight.toArray(CompletableFuture[]::new);
        }
        try {
            CompletableFuture.allOf(futures).get(60, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // failures are counted per request
        }
        return new Result(new ArrayList<>(samples), sent.get());
    }

    private static CompletableFuture<?> send(HttpClient client, HttpRequest request, long due, boolean stream,
                                             ConcurrentLinkedQueue<Sample> samples) {
        if (!stream) {
            return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) ->
                    samples.add(new Sample(System.nanoTime() - due, 0, error == null && response.statusCode() == 200)));
        }
        long[] first = {0};
        FirstDataLine subscriber = new FirstDataLine(first, due);
        return client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(subscriber)).whenComplete((response, error) ->
                samples.add(new Sample(System.nanoTime() - due, first[0], error == null && response.statusCode() == 200 && subscriber.sawDone)));
    }

    /** Notes when the first {@code data:} line arrives and whether the stream ended with {@code data: [DONE]}. */
    private static final class FirstDataLine implements Flow.Subscriber<String> {
        private final long[] first;
        private final long due;
        volatile boolean sawDone;

        FirstDataLine(long[] first, long due) {
            this.first = first;
            this.due = due;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (first[0] == 0 && line.startsWith("data:")) {
                first[0] = System.nanoTime() - due;
            }
            if (line.equals("data: [DONE]")) {
                sawDone = true;
            }
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }

}
