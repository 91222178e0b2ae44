package dev.switchboard.gateway.api.info;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Writes a 200 JSON body (the exact status and content type the official SDKs require). */
public final class JsonResponses {

    private JsonResponses() {
    }

    public static void ok(RoutingContext ctx, ObjectMapper json, Object body) {
        try {
            ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(json.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
