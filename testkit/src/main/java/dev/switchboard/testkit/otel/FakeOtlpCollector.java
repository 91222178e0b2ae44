package dev.switchboard.testkit.otel;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector's OTLP/HTTP traces endpoint ({@code POST /v1/traces}, protobuf; any path is taken), as the services' exporter
 * sees it: it answers 200 and keeps every export request as sent. It does not decode the protobuf; tests ask what an
 * export holds the way a trace id and a service name are encoded there: the 16 bytes of the trace id, and
 * {@code service.name} as a UTF-8 string.
 */
public final class FakeOtlpCollector implements AutoCloseable {

    private final HttpServer server;
    private final List<byte[]> exports = new CopyOnWriteArrayList<>();

    private FakeOtlpCollector(HttpServer server) {
        this.server = server;
    }

    public static FakeOtlpCollector start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FakeOtlpCollector collector = new FakeOtlpCollector(server);
        // any path: OTLP exporters differ on whether they append /v1/traces to a configured endpoint
        server.createContext("/", exchange -> {
            try (InputStream raw = exchange.getRequestBody()) {
                boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
                byte[] body = (gzip ? new GZIPInputStream(raw) : raw).readAllBytes();
                if ("POST".equals(exchange.getRequestMethod())) {
                    collector.exports.add(body);
                }
                // an empty ExportTraceServiceResponse: the exporter takes 200 with any protobuf body as success
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders("POST".equals(exchange.getRequestMethod()) ? 200 : 405, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return collector;
    }

    /** The OTLP/HTTP endpoint to configure, e.g. {@code http://127.0.0.1:41234}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Whether an export from the service named {@code serviceName} carried a span of the trace {@code traceIdHex}. */
    public boolean hasSpan(String serviceName, String traceIdHex) {
        byte[] traceId = HexFormat.of().parseHex(traceIdHex);
        byte[] name = serviceName.getBytes(StandardCharsets.UTF_8);
        return exports.stream().anyMatch(e -> contains(e, traceId) && containsString(e, name));
    }

    public int exports() {
        return exports.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A string field of protobuf is its length and bytes: match the length prefix too, so "web" is not "web-x". */
    private static boolean containsString(byte[] haystack, byte[] value) {
        byte[] withLength = new byte[value.length + 1];
        withLength[0] = (byte) value.length; // names here are shorter than 128 bytes: one varint byte
        System.arraycopy(value, 0, withLength, 1, value.length);
        return contains(haystack, withLength);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
