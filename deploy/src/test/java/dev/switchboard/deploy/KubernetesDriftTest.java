package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each check of {@link KubernetesChecks} fails when the manifests drift from the code: the real prod overlay, rendered,
 * then broken in one place in memory. Without these, a check that can never fail would pass unnoticed.
 */
class KubernetesDriftTest {

    private static final List<ServiceConfig> SERVICES = Project.services();

    private static List<String> problemsAfter(Consumer<List<Map<String, Object>>> breakIt) {
        List<Map<String, Object>> resources = Manifests.render("prod");
        assertThat(new KubernetesChecks(SERVICES, resources, Manifests.templates("prod")).run()).as("before").isEmpty();
        breakIt.accept(resources);
        return new KubernetesChecks(SERVICES, resources, Manifests.templates("prod")).run();
    }

    private static Map<String, Object> find(List<Map<String, Object>> resources, String kind, String name) {
        return resources.stream().filter(r -> kind.equals(r.get("kind")) && name.equals(Yaml.at(r, "metadata", "name")))
                .findFirst().orElseThrow();
    }

    private static Map<String, Object> container(List<Map<String, Object>> resources, String deployment) {
        return Yaml.maps(Yaml.at(find(resources, "Deployment", deployment), "spec", "template", "spec", "containers")).get(0);
    }

    private static List<Object> env(Map<String, Object> container) {
        return Yaml.list(container.get("env"));
    }

    private static Map<String, Object> envVar(Map<String, Object> container, String name) {
        return Yaml.maps(container.get("env")).stream().filter(e -> name.equals(e.get("name"))).findFirst().orElseThrow();
    }

    private static Map<String, Object> literal(String name, String value) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("value", value);
        return e;
    }

    @Test
    void aContainerPortThatIsNotTheServicesPort() {
        assertThat(problemsAfter(r -> Yaml.maps(container(r, "accounts-service").get("ports")).get(0).put("containerPort", 8088)))
                .anyMatch(p -> p.contains("container ports") && p.contains("accounts-service"));
    }

    @Test
    void aProbeOnAPathQuarkusDoesNotServe() {
        assertThat(problemsAfter(r -> Yaml.map(Yaml.at(container(r, "billing-service"), "readinessProbe", "httpGet"))
                .put("path", "/q/health/readiness")))
                .anyMatch(p -> p.contains("readinessProbe asks /q/health/readiness"));
    }

    @Test
    void aProbeOnThePublicPort() {
        assertThat(problemsAfter(r -> Yaml.map(Yaml.at(container(r, "web"), "livenessProbe", "httpGet")).put("port", "http")))
                .anyMatch(p -> p.contains("livenessProbe asks port http"));
    }

    @Test
    void theMeteringJournalOnTheReadOnlyRoot() {
        assertThat(problemsAfter(r -> Yaml.list(container(r, "gateway-service").get("volumeMounts"))
                .removeIf(m -> "metering-journal".equals(Yaml.map(m).get("name")))))
                .anyMatch(p -> p.contains("the metering journal (switchboard.gateway.metering.journal.directory = "
                        + "/var/lib/switchboard/metering-journal) is on no volume"));
    }

    @Test
    void theMeteringJournalOnAVolumeEveryReplicaShares() {
        assertThat(problemsAfter(r -> Yaml.maps(Yaml.at(find(r, "Deployment", "gateway-service"), "spec", "template", "spec", "volumes"))
                .stream().filter(v -> "metering-journal".equals(v.get("name"))).forEach(v -> {
                    v.remove("emptyDir");
                    v.put("persistentVolumeClaim", new LinkedHashMap<>(Map.of("claimName", "journal")));
                })))
                .anyMatch(p -> p.contains("persistentVolumeClaim journal, which every replica of a Deployment shares"));
    }

    @Test
    void theMeteringJournalAtItsDefaultWithoutAVolume() {
        assertThat(problemsAfter(r -> env(container(r, "gateway-service"))
                .removeIf(e -> "SWITCHBOARD_METERING_JOURNAL".equals(Yaml.map(e).get("name")))))
                .anyMatch(p -> p.contains("= /home/jboss/metering-journal) is on no volume"));
    }

    @Test
    void aVariableTheServiceDoesNotRead() {
        assertThat(problemsAfter(r -> env(container(r, "gateway-service")).add(literal("SWITCHBOARD_GATEWAY_MAX_BODY_BYTE", "1"))))
                .anyMatch(p -> p.contains("SWITCHBOARD_GATEWAY_MAX_BODY_BYTE is not read by gateway-service"));
    }

    @Test
    void aVariableOfAnotherService() {
        // accounts-service reads no Stripe key: a variable meant for billing given to accounts is a mistake
        assertThat(problemsAfter(r -> env(container(r, "accounts-service")).add(literal("SWITCHBOARD_STRIPE_API_BASE", ""))))
                .anyMatch(p -> p.contains("SWITCHBOARD_STRIPE_API_BASE is not read by accounts-service"));
    }

    @Test
    void aBuildTimePropertySetInTheContainer() {
        // web's configuration names quarkus.management.enabled, but it is fixed when the image is built
        assertThat(problemsAfter(r -> env(container(r, "web")).add(literal("QUARKUS_MANAGEMENT_ENABLED", "false"))))
                .anyMatch(p -> p.contains("QUARKUS_MANAGEMENT_ENABLED") && p.contains("fixed when the image is built"));
    }

    @Test
    void aSecretKeyThatTheTemplateDoesNotHave() {
        assertThat(problemsAfter(r -> Yaml.map(Yaml.at(envVar(container(r, "billing-service"), "STRIPE_SECRET_KEY"),
                "valueFrom", "secretKeyRef")).put("key", "secret_key")))
                .anyMatch(p -> p.contains("refers to key secret_key of Secret switchboard-stripe"));
    }

    @Test
    void aSecretThatExistsNowhere() {
        assertThat(problemsAfter(r -> Yaml.map(Yaml.at(envVar(container(r, "web"), "QUARKUS_OIDC_CREDENTIALS_SECRET"),
                "valueFrom", "secretKeyRef")).put("name", "switchboard-web")))
                .anyMatch(p -> p.contains("refers to Secret switchboard-web, which exists neither in the overlay nor in a template"));
    }

    @Test
    void aConfigMapKeyThatDoesNotExist() {
        assertThat(problemsAfter(r -> Yaml.map(Yaml.at(envVar(container(r, "gateway-service"), "SWITCHBOARD_BILLING_URL"),
                "valueFrom", "configMapKeyRef")).put("key", "BILLING_URL")))
                .anyMatch(p -> p.contains("refers to key BILLING_URL of ConfigMap switchboard-config"));
    }

    @Test
    void aDatabaseLeftAtItsLocalDefault() {
        assertThat(problemsAfter(r -> env(container(r, "billing-service")).removeIf(e ->
                "SWITCHBOARD_DB_JDBC_URL".equals(Yaml.map(e).get("name")))))
                .anyMatch(p -> p.contains("quarkus.datasource.jdbc.url would be jdbc:postgresql://127.0.0.1"));
    }

    @Test
    void aCredentialGivenAsAPlainValue() {
        assertThat(problemsAfter(r -> {
            List<Object> env = env(container(r, "billing-service"));
            env.removeIf(e -> "STRIPE_WEBHOOK_SECRET".equals(Yaml.map(e).get("name")));
            env.add(literal("STRIPE_WEBHOOK_SECRET", "whsec_x"));
        })).anyMatch(p -> p.contains("STRIPE_WEBHOOK_SECRET is a credential"));
    }

    @Test
    void aNewReferenceWithoutDefaultThatNoManifestSets() {
        // what happens when a service's configuration gains ${NEW_VARIABLE} with no default
        List<ServiceConfig> services = new ArrayList<>();
        for (ServiceConfig s : SERVICES) {
            if (s.module().equals("accounts-service")) {
                Map<String, String> props = new java.util.TreeMap<>(s.properties());
                props.put("switchboard.accounts.mail-relay", "${SWITCHBOARD_MAIL_RELAY}");
                Map<String, ServiceConfig.Reference> refs = new LinkedHashMap<>(s.references());
                ServiceConfig.references(props.get("switchboard.accounts.mail-relay"), refs);
                s = new ServiceConfig(s.module(), s.dir(), s.name(), props, refs, s.mapped(), s.resourceVariables());
            }
            services.add(s);
        }
        assertThat(new KubernetesChecks(services, Manifests.render("prod"), Manifests.templates("prod")).run())
                .anyMatch(p -> p.contains("SWITCHBOARD_MAIL_RELAY has no default"));
    }

    @Test
    void aGracePeriodShorterThanTheDrain() {
        assertThat(problemsAfter(r -> Yaml.map(Yaml.at(find(r, "Deployment", "gateway-service"), "spec", "template", "spec"))
                .put("terminationGracePeriodSeconds", 30)))
                .anyMatch(p -> p.contains("terminationGracePeriodSeconds 30 does not exceed"));
    }

    @Test
    void aRollingUpdateThatDropsCapacity() {
        assertThat(problemsAfter(r -> Yaml.map(Yaml.at(find(r, "Deployment", "web"), "spec", "strategy", "rollingUpdate"))
                .put("maxUnavailable", 1)))
                .anyMatch(p -> p.contains("Deployment/web: a rolling update"));
    }

    @Test
    void aServiceThatMigratesAtStart() {
        assertThat(problemsAfter(r -> env(container(r, "web")).removeIf(e ->
                "QUARKUS_FLYWAY_MIGRATE_AT_START".equals(Yaml.map(e).get("name")))))
                .anyMatch(p -> p.contains("Deployment/web: QUARKUS_FLYWAY_MIGRATE_AT_START must be \"false\""));
    }

    @Test
    void anInitContainerThatChecksAnotherRelease() {
        assertThat(problemsAfter(r -> Yaml.maps(Yaml.at(find(r, "Deployment", "accounts-service"), "spec", "template", "spec",
                "initContainers")).get(0).put("image", "registry.example.com/switchboard/accounts-service:0.0.9")))
                .anyMatch(p -> p.contains("wait-for-schema runs registry.example.com/switchboard/accounts-service:0.0.9"));
    }

    @Test
    void aMigrationJobThatWouldServeInsteadOfExiting() {
        assertThat(problemsAfter(r -> Kustomize.containers(find(r, "Job", "switchboard-migrate")).get(0).put("env",
                new ArrayList<>(Yaml.list(Kustomize.containers(find(r, "Job", "switchboard-migrate")).get(0).get("env"))
                        .stream().filter(e -> !"QUARKUS_INIT_AND_EXIT".equals(Yaml.map(e).get("name"))).toList()))))
                .anyMatch(p -> p.contains("Job/switchboard-migrate: QUARKUS_INIT_AND_EXIT must be \"true\""));
    }

    @Test
    void aConfigKeyNoContainerTakes() {
        assertThat(problemsAfter(r -> Yaml.map(find(r, "ConfigMap", "switchboard-config").get("data"))
                .put("SWITCHBOARD_RATE_LIMIT_KEY_RPM", "60")))
                .anyMatch(p -> p.contains("SWITCHBOARD_RATE_LIMIT_KEY_RPM is given to no container"));
    }

    @Test
    void theStripeWebhookOnAnotherPath() {
        assertThat(problemsAfter(r -> Yaml.maps(Yaml.at(Yaml.maps(Yaml.at(find(r, "Ingress", "switchboard"), "spec", "rules"))
                .get(0), "http", "paths")).get(1).put("path", "/stripe/webhooks")))
                .anyMatch(p -> p.contains("Stripe's webhook /stripe/webhook (billing's code) is not routed"));
    }

    @Test
    void theGatewayApiNotRouted() {
        assertThat(problemsAfter(r -> Yaml.maps(Yaml.at(Yaml.maps(Yaml.at(find(r, "Ingress", "switchboard"), "spec", "rules"))
                .get(0), "http", "paths")).get(0).put("path", "/v1")))
                .anyMatch(p -> p.contains("the gateway serves /api/v1/chat/completions, which no path routes"));
    }

    @Test
    void aServiceThatSelectsNoPod() {
        assertThat(problemsAfter(r -> Yaml.map(Yaml.at(find(r, "Service", "billing-service"), "spec", "selector"))
                .put("app.kubernetes.io/name", "billing")))
                .anyMatch(p -> p.contains("Service/billing-service: selector"));
    }

    @Test
    void aMissingDisruptionBudget() {
        assertThat(problemsAfter(r -> r.remove(find(r, "PodDisruptionBudget", "web"))))
                .anyMatch(p -> p.contains("web: no PodDisruptionBudget"));
    }

    @Test
    void replicasFightingTheAutoscaler() {
        assertThat(problemsAfter(r -> Yaml.map(find(r, "Deployment", "gateway-service").get("spec")).put("replicas", 2)))
                .anyMatch(p -> p.contains("sets replicas although an HPA scales it"));
    }

    @Test
    void noAutoscalerForTheGateway() {
        assertThat(problemsAfter(r -> r.remove(find(r, "HorizontalPodAutoscaler", "gateway-service"))))
                .anyMatch(p -> p.contains("no HorizontalPodAutoscaler scales the gateway"));
    }

    @Test
    void aContainerRunningAsRoot() {
        assertThat(problemsAfter(r -> Yaml.map(Yaml.at(find(r, "Deployment", "accounts-service"), "spec", "template", "spec",
                "securityContext")).put("runAsUser", 0)))
                .anyMatch(p -> p.contains("runAsUser 0 is not the images' user"));
    }

    @Test
    void aContainerWithoutLimits() {
        assertThat(problemsAfter(r -> Yaml.map(container(r, "web").get("resources")).remove("limits")))
                .anyMatch(p -> p.contains("container web: no memory limits"));
    }

    @Test
    void aPatchOfAResourceThatDoesNotExist(@TempDir Path dir) throws IOException {
        Path overlay = dir.resolve("overlay");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("kustomization.yaml"), "resources:\n  - " + Manifests.K8S.resolve("base")
                + "\npatches:\n  - path: p.yaml\n");
        Files.writeString(overlay.resolve("p.yaml"),
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gateway\nspec:\n  replicas: 2\n");
        assertThatThrownBy(() -> Kustomize.render(overlay)).hasMessageContaining("targets Deployment/gateway, which the kustomization does not have");
    }
}
