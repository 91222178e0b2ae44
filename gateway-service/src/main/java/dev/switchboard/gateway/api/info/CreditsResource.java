package dev.switchboard.gateway.api.info;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.auth.ApiKeyAuthHandler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/credits}: {@code total_credits} and {@code total_usage} of the caller's organization, so
 * that total_credits − total_usage is exactly the balance (refunds and fees lower total_credits).
 */
@ApplicationScoped
public class CreditsResource {

    @Inject
    Pool pool;
    @Inject
    ObjectMapper json;

    public void handle(RoutingContext ctx) {
        pool.preparedQuery("SELECT balance_nanos, total_usage_nanos FROM organization_balances WHERE organization_id = $1")
                .execute(Tuple.of(ApiKeyAuthHandler.caller(ctx).organizationId())).onComplete(result -> {
                    if (result.failed()) {
                        ctx.fail(result.cause());
                        return;
                    }
                    long balance = 0;
                    long usage = 0;
                    for (Row row : result.result()) {
                        balance = row.getLong(0);
                        usage = row.getLong(1);
                    }
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("total_credits", Usd.of(balance + usage));
                    data.put("total_usage", Usd.of(usage));
                    JsonResponses.ok(ctx, json, Map.of("data", data));
                });
    }
}
