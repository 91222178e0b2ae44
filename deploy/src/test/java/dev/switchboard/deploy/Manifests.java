package dev.switchboard.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** deploy/k8s as the tests see it: the overlays, each rendered, and the templates of what the operator creates. */
final class Manifests {

    static final Path K8S = Project.path("deploy/k8s");

    private Manifests() {
    }

    static List<String> overlays() {
        try (Stream<Path> s = Files.list(K8S.resolve("overlays"))) {
            return s.filter(p -> Files.isRegularFile(p.resolve("kustomization.yaml"))).map(p -> p.getFileName().toString())
                    .sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> render(String overlay) {
        return Kustomize.render(K8S.resolve("overlays").resolve(overlay));
    }

    /** base/*.template.yaml and the overlay's own *.template.yaml: Secrets and ConfigMaps created outside kustomize. */
    static List<Map<String, Object>> templates(String overlay) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path dir : List.of(K8S.resolve("base"), K8S.resolve("overlays").resolve(overlay))) {
            for (Path p : Project.files(dir, ".template.yaml")) {
                if (p.getParent().equals(dir)) {
                    out.addAll(Yaml.readAll(p));
                }
            }
        }
        return out;
    }
}
