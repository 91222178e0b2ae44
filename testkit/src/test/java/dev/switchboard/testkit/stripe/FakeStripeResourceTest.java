package dev.switchboard.testkit.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The Quarkus test resource: its configuration, its injection, its key check. */
class FakeStripeResourceTest {

    static class SomeTest {
        @InjectFakeStripe
        FakeStripeServer stripe;
        FakeStripeServer notAnnotated;
    }

    @Test
    void it_publishes_the_config_injects_the_server_and_checks_the_key() {
        StripeFakeResource resource = new StripeFakeResource();
        resource.init(Map.of());
        Map<String, String> config = resource.start();
        try {
            SomeTest test = new SomeTest();
            resource.inject(new FieldInjector(test));

            assertThat(config).containsOnlyKeys("switchboard.stripe.api-base", "switchboard.stripe.secret-key",
                    "switchboard.stripe.webhook-secret");
            assertThat(config.get("switchboard.stripe.secret-key")).isEqualTo("sk_test_switchboard_fake");
            assertThat(test.stripe).isNotNull();
            assertThat(test.notAnnotated).isNull();
            assertThat(config.get("switchboard.stripe.api-base")).isEqualTo(test.stripe.baseUrl());
            assertThat(config.get("switchboard.stripe.webhook-secret")).isEqualTo(test.stripe.webhookSecret())
                    .startsWith("whsec_");
            assertThat(StripeTesting.send("GET", test.stripe.baseUrl() + "/v1/customers/cus_x", null,
                    "Authorization", "Bearer sk_test_other").statusCode()).isEqualTo(401);
            assertThat(StripeTesting.get(test.stripe, "/v1/customers/cus_x").statusCode()).isEqualTo(404);
        } finally {
            resource.stop();
        }
    }

    /** What Quarkus does with {@code injectIntoFields}: sets the matching fields of the test instance. */
    private record FieldInjector(Object test) implements TestInjector {
        @Override
        public void injectIntoFields(Object value, Predicate<Field> predicate) {
            for (Field field : test.getClass().getDeclaredFields()) {
                if (predicate.test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(test, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }
}
