package dev.switchboard.testkit.stripe;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny webhook endpoint for the tests (the JDK's HTTP server, a thread per request so concurrent deliveries stay
 * concurrent): records every request and answers 200, or the statuses scripted with {@link #answerNext(int...)}.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Received(String body, String signature, String contentType, String userAgent) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Queue<Integer> scripted = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile long holdMillis;

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(executor);
        server.createContext("/stripe/webhook", exchange -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (received) {
                    received.add(new Received(body, exchange.getRequestHeaders().getFirst("Stripe-Signature"),
                            exchange.getRequestHeaders().getFirst("Content-Type"),
                            exchange.getRequestHeaders().getFirst("User-Agent")));
                    received.notifyAll();
                }
                if (holdMillis > 0) {
                    Thread.sleep(holdMillis);
                }
                Integer status = scripted.poll();
                byte[] answer = "{\"received\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
    }

    static WebhookReceiver start() {
        try {
            return new WebhookReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/stripe/webhook";
    }

    /** The next requests get these statuses, in order; afterwards 200 again. */
    void answerNext(int... statuses) {
        for (int status : statuses) {
            scripted.add(status);
        }
    }

    /** Each request is held this long before its answer (to see concurrent deliveries overlap). */
    void hold(Duration duration) {
        holdMillis = duration.toMillis();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits for the first request whose body names the event id. */
    Received await(String eventId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                for (Received r : received) {
                    if (r.body().contains("\"" + eventId + "\"")) {
                        return r;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no webhook for " + eventId + " within " + timeout);
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
