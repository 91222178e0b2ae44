package dev.switchboard.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the features deploy/k8s uses: resources (files
 * and directories), strategic-merge patches, images, namespace. Anything else in a kustomization.yaml is refused
 * rather than ignored, so the test never checks something other than what a cluster would get.
 * {@link KustomizeTest} compares it with kubectl's own rendering where kubectl is installed.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "patches", "images", "namespace");
    /** The merge keys of the lists deploy/k8s patches (Kubernetes' patchMergeKey of each field). */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "env", "name",
            "volumes", "name",
            "volumeMounts", "mountPath",
            "imagePullSecrets", "name");

    private Kustomize() {
    }

    static List<Map<String, Object>> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(dir + " has no kustomization.yaml");
        }
        Map<String, Object> k = Yaml.read(file);
        for (String key : k.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new IllegalStateException(file + ": '" + key + "' is not supported by the test's renderer (Kustomize.java)");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : Yaml.list(k.get("resources"))) {
            Path p = dir.resolve(String.valueOf(r)).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(render(p));
            } else if (Files.isRegularFile(p)) {
                Yaml.readAll(p).forEach(d -> out.add(Yaml.copy(d)));
            } else {
                throw new IllegalStateException(file + ": resource " + r + " does not exist");
            }
        }
        Set<String> seen = new java.util.HashSet<>();
        for (Map<String, Object> r : out) {
            if (!seen.add(id(r))) {
                throw new IllegalStateException(file + ": " + id(r) + " is defined twice");
            }
        }
        for (Map<String, Object> patch : Yaml.maps(k.get("patches"))) {
            if (patch.containsKey("target") || patch.containsKey("patch") || !patch.containsKey("path")) {
                throw new IllegalStateException(file + ": only patches with a path are supported: " + patch);
            }
            Path p = dir.resolve(String.valueOf(patch.get("path")));
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(file + ": patch " + p + " does not exist");
            }
            for (Map<String, Object> doc : Yaml.readAll(p)) {
                Map<String, Object> target = out.stream().filter(r -> id(r).equals(id(doc))).findFirst()
                        .orElseThrow(() -> new IllegalStateException(file + ": patch " + dir.relativize(p) + " targets "
                                + id(doc) + ", which the kustomization does not have"));
                merge(target, Yaml.copy(doc), "");
            }
        }
        for (Map<String, Object> image : Yaml.maps(k.get("images"))) {
            String name = Yaml.str(image.get("name"));
            boolean used = false;
            for (Map<String, Object> r : out) {
                for (Map<String, Object> c : containers(r)) {
                    String current = Yaml.str(c.get("image"));
                    if (current != null && repository(current).equals(name)) {
                        String repo = image.containsKey("newName") ? Yaml.str(image.get("newName")) : name;
                        String tag = image.containsKey("newTag") ? Yaml.str(image.get("newTag")) : tag(current);
                        c.put("image", tag == null ? repo : repo + ":" + tag);
                        used = true;
                    }
                }
            }
            if (!used) {
                throw new IllegalStateException(file + ": image " + name + " is used by no container");
            }
        }
        if (k.containsKey("namespace")) {
            out.forEach(r -> {
                Map<String, Object> meta = new LinkedHashMap<>(Yaml.map(r.get("metadata")));
                meta.put("namespace", k.get("namespace"));
                r.put("metadata", meta);
            });
        }
        return out;
    }

    static String id(Map<String, Object> r) {
        return r.get("kind") + "/" + Yaml.at(r, "metadata", "name");
    }

    static String repository(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(0, colon) : image;
    }

    static String tag(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : null;
    }

    /** The containers and init containers of a workload (Deployment, Job), or none. */
    static List<Map<String, Object>> containers(Map<String, Object> resource) {
        Map<String, Object> pod = Yaml.map(Yaml.at(resource, "spec", "template", "spec"));
        List<Map<String, Object>> out = new ArrayList<>();
        out.addAll(Yaml.maps(pod.get("initContainers")));
        out.addAll(Yaml.maps(pod.get("containers")));
        return out;
    }

    /**
     * Kubernetes' strategic merge: maps merge, lists with a merge key merge by it (new elements first, as kustomize
     * does), other lists and values replace.
     */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> target, Map<String, Object> patch, String path) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.startsWith("$")) {
                throw new IllegalStateException("patch directive " + key + " at " + path + " is not supported");
            }
            Object current = target.get(key);
            if (value == null) {
                target.remove(key);
            } else if (value instanceof Map<?, ?> m && current instanceof Map<?, ?> c) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) c);
                merge(merged, (Map<String, Object>) m, path + "." + key);
                target.put(key, merged);
            } else if (value instanceof List<?> l && current instanceof List<?> c && MERGE_KEYS.containsKey(key)) {
                String mergeKey = MERGE_KEYS.get(key);
                List<Object> merged = new ArrayList<>((List<Object>) c);
                List<Object> added = new ArrayList<>();
                for (Object element : l) {
                    Map<String, Object> pe = Yaml.map(element);
                    if (!pe.containsKey(mergeKey)) {
                        throw new IllegalStateException(path + "." + key + ": element without " + mergeKey);
                    }
                    boolean found = false;
                    for (Iterator<Object> it = merged.iterator(); it.hasNext() && !found; ) {
                        Map<String, Object> te = Yaml.map(it.next());
                        if (String.valueOf(te.get(mergeKey)).equals(String.valueOf(pe.get(mergeKey)))) {
                            merge(te, pe, path + "." + key + "[" + pe.get(mergeKey) + "]");
                            found = true;
                        }
                    }
                    if (!found) {
                        added.add(pe);
                    }
                }
                // kustomize puts the elements a patch adds before the existing ones
                added.addAll(merged);
                target.put(key, added);
            } else {
                target.put(key, value);
            }
        }
    }
}
