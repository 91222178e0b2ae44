package dev.switchboard.gateway.auth;

import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.seed.Tenants;
import dev.switchboard.shared.keys.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refusing an unauthenticated request costs the gateway next to nothing: the key is checked before the body is
 * read (at most a bounded part of the upload is read and thrown away, so the client sees the answer), and a flood of
 * well-formed unknown keys does not become a flood of database queries.
 */
@QuarkusTest
class UnauthenticatedTrafficTest extends GatewayTestBase {

    @Inject
    ApiKeyCache keys;

    @Test
    void a_bad_key_is_refused_before_the_body_is_read() throws IOException {
        // a body under the limit of which only the first kilobyte is ever sent: reading it would wait forever
        assertThat(sendHeadAndOneKilobyte(randomKey(), 900_000)).startsWith("HTTP/1.1 401").contains("\"code\":401");
        // a body announced far over the limit is refused on its Content-Length alone, before the key is even looked at
        assertThat(sendHeadAndOneKilobyte(randomKey(), 9_000_000)).startsWith("HTTP/1.1 413").contains("\"code\":413");
        assertThat(sendHeadAndOneKilobyte("not-a-key", 900_000)).startsWith("HTTP/1.1 401");
    }

    @Test
    void a_client_that_writes_its_whole_body_before_reading_still_gets_the_refusal_not_a_reset() {
        // Apache's client (RestAssured) sends all of a body before it reads: closing on it at once gave it a broken pipe
        String body = chat("switchboard/echo", "x".repeat(900_000));
        for (int i = 0; i < 10; i++) {
            post("/chat/completions", randomKey(), body).then().statusCode(401).body("error.code", org.hamcrest.Matchers.equalTo(401));
        }
    }

    @Test
    void a_good_key_whose_lookup_is_asynchronous_still_gets_its_whole_body() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        keys.clear(); // the next request looks the key up in the database while its body arrives
        String padding = "word ".repeat(40_000); // 200 kB: several TCP segments
        post("/chat/completions", t.secret(), chat("switchboard/echo", padding)).then().statusCode(200);
    }

    @Test
    void a_flood_of_unknown_keys_barely_reaches_the_database() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), chat("switchboard/echo", "hi")).then().statusCode(200);
        long before = keys.databaseLookups();
        long started = System.nanoTime();
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            flood.add(http.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl() + "/chat/completions"))
                    .header("Authorization", "Bearer " + randomKey()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chat("switchboard/echo", "hi"))).build(), HttpResponse.BodyHandlers.ofString()));
        }
        flood.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(401));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L + 1;
        long lookups = keys.databaseLookups() - before;
        // a few a second are let through for keys created a moment ago (20 by default); the rest cost no query
        assertThat(lookups).as("database lookups for 500 unknown keys in %d s", seconds).isLessThanOrEqualTo(20 * (seconds + 1)).isLessThan(125);
        // and a key created just now still works at once
        Tenants.Key fresh = tenants().addKey(t.organizationId(), null, null);
        post("/chat/completions", fresh.secret(), chat("switchboard/echo", "hi")).then().statusCode(200);
    }

    private String sendHeadAndOneKilobyte(String key, int contentLength) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write("{\"model\":\"switchboard/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"".getBytes(StandardCharsets.US_ASCII));
            out.write("a".repeat(1_000).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    response.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // the connection stayed open: fine as long as the answer came
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    private static String randomKey() {
        return ApiKeys.generate(); // well-formed, and known to no database
    }
}
