package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** deploy/k8s against the services' code and configuration, one overlay at a time (see {@link KubernetesChecks}). */
class KubernetesManifestsTest {

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @Test
    void theOverlaysAreDevAndProd() {
        assertThat(overlays()).containsExactly("dev", "prod");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceIsDeployedAsItsCodeExpects(String overlay) {
        List<String> problems = new KubernetesChecks(Project.services(), Manifests.render(overlay), Manifests.templates(overlay)).run();
        assertThat(problems).as("overlays/%s", overlay).isEmpty();
    }

    @Test
    void theServicesAreTheFourQuarkusApplications() {
        // a new Quarkus module would be checked too; this pins that the discovery finds the ones we know of
        assertThat(Project.services()).extracting(ServiceConfig::name)
                .contains("gateway-service", "accounts-service", "billing-service", "web");
    }

    @Test
    void everyDeliberateQuarkusVariableIsUsed() {
        Set<String> used = new HashSet<>();
        for (String overlay : overlays()) {
            for (Map<String, Object> r : Manifests.render(overlay)) {
                for (Map<String, Object> c : Kustomize.containers(r)) {
                    Env.of(c).vars().forEach(v -> used.add(v.name()));
                }
            }
        }
        assertThat(used).containsAll(Variables.DELIBERATE.keySet());
    }

    @Test
    void theDevSecretsHaveTheTemplatesNamesAndKeys() {
        Map<String, Set<String>> templates = secretKeys(Manifests.templates("dev").stream()
                .filter(r -> "Secret".equals(r.get("kind"))).toList());
        Map<String, Set<String>> dev = secretKeys(Manifests.render("dev").stream()
                .filter(r -> "Secret".equals(r.get("kind"))).toList());
        assertThat(dev.keySet()).isEqualTo(templates.keySet());
        dev.forEach((name, keys) -> {
            if (name.equals("switchboard-provider-keys")) {
                // the gateway takes this one whole (envFrom): a dev cluster names no real provider
                assertThat(templates.get(name)).containsAll(keys);
            } else {
                assertThat(keys).as("keys of Secret %s", name).isEqualTo(templates.get(name));
            }
        });
    }

    @Test
    void theDevKeycloakImportsTheRealmOfDeployKeycloak() throws Exception {
        Map<String, Object> cm = Manifests.render("dev").stream()
                .filter(r -> "ConfigMap".equals(r.get("kind")) && "switchboard-realm".equals(Yaml.at(r, "metadata", "name")))
                .findFirst().orElseThrow();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(String.valueOf(Yaml.at(cm, "data", "switchboard-realm.json"))))
                .as("overlays/dev/keycloak-realm.yaml is a copy of deploy/keycloak/switchboard-realm.json (how to copy: its header)")
                .isEqualTo(json.readTree(Project.path("deploy/keycloak/switchboard-realm.json").toFile()));
    }

    @Test
    void deployPomHasTheConfigurationModelOfEveryExtensionTheServicesUse() {
        // QUARKUS_* variables are checked against the extensions on this module's classpath: a service's new extension
        // must be added to deploy/pom.xml, or its properties would be reported as unknown
        Set<String> deploy = new TreeSet<>(Project.quarkusDependencies(Project.path("deploy/pom.xml"), true));
        List<String> missing = new ArrayList<>();
        for (String module : Project.modules()) {
            if (module.equals("deploy") || !java.nio.file.Files.isRegularFile(Project.path(module + "/pom.xml"))) {
                continue;
            }
            for (String artifact : Project.quarkusDependencies(Project.path(module + "/pom.xml"), false)) {
                if (!artifact.equals("quarkus-junit5") && !artifact.startsWith("quarkus-test") && !deploy.contains(artifact)) {
                    missing.add(module + ": " + artifact);
                }
            }
        }
        assertThat(missing).as("extensions missing from deploy/pom.xml").isEmpty();
    }

    private static Map<String, Set<String>> secretKeys(List<Map<String, Object>> secrets) {
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        for (Map<String, Object> s : secrets) {
            Set<String> keys = new TreeSet<>(Yaml.map(s.get("stringData")).keySet());
            keys.addAll(Yaml.map(s.get("data")).keySet());
            out.put(Yaml.str(Yaml.at(s, "metadata", "name")), keys);
        }
        return out;
    }
}
