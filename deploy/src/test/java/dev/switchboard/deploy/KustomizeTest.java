package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The test's kustomize renderer, and the proof that it renders what kubectl's kustomize renders. */
class KustomizeTest {

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @Test
    void listsWithAMergeKeyMergeByItAndOtherValuesReplace() {
        Map<String, Object> target = Yaml.copy(Map.of("spec", Map.of(
                "containers", List.of(Map.of("name", "a", "image", "x", "env", List.of(Map.of("name", "A", "value", "1")))),
                "tolerations", List.of(Map.of("key", "k")))));
        Map<String, Object> patch = Yaml.copy(Map.of("spec", Map.of(
                "containers", List.of(Map.of("name", "a", "env", List.of(Map.of("name", "B", "value", "2")))),
                "tolerations", List.of(Map.of("key", "j")))));
        Kustomize.merge(target, patch, "");
        Map<String, Object> a = Yaml.maps(Yaml.at(target, "spec", "containers")).get(0);
        assertThat(a.get("image")).isEqualTo("x");
        assertThat(Yaml.maps(a.get("env"))).extracting(e -> e.get("name")).containsExactly("B", "A");
        assertThat(Yaml.maps(Yaml.at(target, "spec", "tolerations"))).extracting(e -> e.get("key")).containsExactly("j");
    }

    /**
     * Where kubectl is installed (it is on the CI machine, with kustomize built in), its rendering of each overlay must
     * equal the test's, resource by resource: otherwise the checks would judge something other than what a cluster gets.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void rendersWhatKubectlKustomizeRenders(String overlay) throws Exception {
        Path kubectl = onPath("kubectl");
        assumeTrue(kubectl != null, "kubectl is not installed: the renderer is compared with kustomize where it is");
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", Manifests.K8S.resolve("overlays/" + overlay).toString())
                .redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize: %s", err).isZero();
        List<Map<String, Object>> theirs = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> it = Yaml.MAPPER.readerFor(new TypeReference<Map<String, Object>>() { })
                .readValues(out)) {
            it.forEachRemaining(theirs::add);
        }
        List<String> differences = new ArrayList<>();
        diff("", byId(Manifests.render(overlay)), byId(theirs), differences);
        assertThat(differences).as("ours vs kubectl kustomize").isEmpty();
    }

    private static void diff(String path, Object ours, Object theirs, List<String> out) {
        if (ours instanceof Map<?, ?> a && theirs instanceof Map<?, ?> b) {
            java.util.Set<Object> keys = new java.util.TreeSet<>(java.util.Comparator.comparing(String::valueOf));
            keys.addAll(a.keySet());
            keys.addAll(b.keySet());
            keys.forEach(k -> diff(path + "/" + k, a.get(k), b.get(k), out));
        } else if (ours instanceof List<?> a && theirs instanceof List<?> b && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
        } else if (!java.util.Objects.equals(ours, theirs)) {
            out.add(path + ": ours " + ours + ", kustomize's " + theirs);
        }
    }

    private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> resources) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        resources.forEach(r -> out.put(Kustomize.id(r), r));
        return out;
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
