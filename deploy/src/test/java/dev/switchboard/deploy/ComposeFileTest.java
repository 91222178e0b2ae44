package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** deploy/compose.yaml against the services' code and configuration ({@link ComposeChecks}), and proof the checks bite. */
class ComposeFileTest {

    private static final List<ServiceConfig> SERVICES = Project.services();

    @Test
    void composeRunsEveryServiceAsItsCodeExpects() {
        assertThat(new ComposeChecks(SERVICES, Yaml.read(ComposeChecks.FILE)).run()).isEmpty();
    }

    @Test
    void theDemoProfileHasTheFakesOfTheLocalPlatform() {
        Map<String, Object> services = Yaml.map(Yaml.read(ComposeChecks.FILE).get("services"));
        assertThat(services).containsKeys("fake-provider", "fake-stripe", "postgres", "redis", "keycloak", "migrate");
        assertThat(Yaml.list(Yaml.at(services, "fake-provider", "profiles"))).containsExactly("demo");
        assertThat(Yaml.list(Yaml.at(services, "fake-stripe", "profiles"))).containsExactly("demo");
        // the gateway's echo models and billing's Stripe calls go to them when nothing else is configured
        assertThat(ComposeChecks.evaluate(ComposeChecks.environment(Yaml.map(services.get("gateway-service")))
                .get("SWITCHBOARD_FAKE_PROVIDER_URL"))).isEqualTo("http://fake-provider:8090");
        assertThat(ComposeChecks.evaluate(ComposeChecks.environment(Yaml.map(services.get("billing-service")))
                .get("SWITCHBOARD_STRIPE_API_BASE"))).isEqualTo("http://fake-stripe:12111");
    }

    private static List<String> problemsAfter(Consumer<Map<String, Object>> breakIt) {
        Map<String, Object> compose = Yaml.copy(Yaml.read(ComposeChecks.FILE));
        breakIt.accept(compose);
        return new ComposeChecks(SERVICES, compose).run();
    }

    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        return Yaml.map(Yaml.map(compose.get("services")).get(name));
    }

    @Test
    void driftIsCaught() {
        assertThat(problemsAfter(c -> Yaml.map(service(c, "web").get("environment")).put("SWITCHBOARD_WEB_ADDRESS", "x")))
                .anyMatch(p -> p.contains("SWITCHBOARD_WEB_ADDRESS is not read by web"));
        assertThat(problemsAfter(c -> service(c, "accounts-service").put("ports", List.of("8082:8083"))))
                .anyMatch(p -> p.contains("publishes container port 8083"));
        assertThat(problemsAfter(c -> service(c, "accounts-service").put("ports", List.of("8082:8082", "9082:9082"))))
                .anyMatch(p -> p.contains("management port 9082 is published beyond 127.0.0.1"));
        assertThat(problemsAfter(c -> Yaml.map(service(c, "billing-service").get("healthcheck")).put("test",
                List.of("CMD", "busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8083/q/health/ready"))))
                .anyMatch(p -> p.contains("billing-service: the healthcheck does not ask http://127.0.0.1:9083/q/health/ready"));
        assertThat(problemsAfter(c -> Yaml.map(service(c, "gateway-service").get("environment")).remove("SWITCHBOARD_ACCOUNTS_URL")))
                .anyMatch(p -> p.contains("switchboard.gateway.accounts-url would be http://127.0.0.1:8082"));
        assertThat(problemsAfter(c -> Yaml.map(service(c, "web").get("environment")).put("SWITCHBOARD_WEB_STATE_SECRET", "s3cret")))
                .anyMatch(p -> p.contains("the credential SWITCHBOARD_WEB_STATE_SECRET must come from the environment"));
        assertThat(problemsAfter(c -> Yaml.map(service(c, "gateway-service").get("environment"))
                .put("SWITCHBOARD_BILLING_URL", "http://billing-service:8080")))
                .anyMatch(p -> p.contains("points at billing-service:8080"));
        assertThat(problemsAfter(c -> Yaml.map(service(c, "web").get("environment"))
                .put("SWITCHBOARD_BILLING_URL", "http://billing:8083")))
                .anyMatch(p -> p.contains("points at billing, which is no service of compose.yaml"));
        assertThat(problemsAfter(c -> Yaml.map(service(c, "fake-stripe").get("environment"))
                .put("FAKE_STRIPE_WEBHOOK_URL", "http://billing-service:8083/webhooks/stripe")))
                .anyMatch(p -> p.contains("sends webhooks to /webhooks/stripe"));
        assertThat(problemsAfter(c -> service(c, "gateway-service").put("stop_grace_period", "20s")))
                .anyMatch(p -> p.contains("stop_grace_period 20 s does not exceed quarkus.shutdown.timeout (30 s)"));
        assertThat(problemsAfter(c -> service(c, "web").put("image", "switchboard/web:latest")))
                .anyMatch(p -> p.contains("web: image switchboard/web:latest"));
        assertThat(problemsAfter(c -> Yaml.map(service(c, "migrate").get("environment")).remove("QUARKUS_INIT_AND_EXIT")))
                .anyMatch(p -> p.contains("migrate: must set QUARKUS_INIT_AND_EXIT"));
        assertThat(problemsAfter(c -> service(c, "keycloak").put("image", "quay.io/keycloak/keycloak:25.0.0")))
                .anyMatch(p -> p.contains("but the platform runs Keycloak"));
    }
}
