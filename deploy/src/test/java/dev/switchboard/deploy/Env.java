package dev.switchboard.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A container's environment as Kubernetes declares it: values, references to ConfigMap and Secret keys, envFrom. */
record Env(List<Var> vars, List<From> from) {

    enum Source { VALUE, CONFIG_MAP, SECRET, FIELD }

    record Var(String name, Source source, String value, String object, String key, boolean optional) {
    }

    record From(Source source, String object, boolean optional) {
    }

    static Env of(Map<String, Object> container) {
        List<Var> vars = new ArrayList<>();
        for (Map<String, Object> e : Yaml.maps(container.get("env"))) {
            String name = Yaml.str(e.get("name"));
            Map<String, Object> valueFrom = Yaml.map(e.get("valueFrom"));
            if (valueFrom.containsKey("configMapKeyRef")) {
                Map<String, Object> ref = Yaml.map(valueFrom.get("configMapKeyRef"));
                vars.add(new Var(name, Source.CONFIG_MAP, null, Yaml.str(ref.get("name")), Yaml.str(ref.get("key")),
                        Boolean.TRUE.equals(ref.get("optional"))));
            } else if (valueFrom.containsKey("secretKeyRef")) {
                Map<String, Object> ref = Yaml.map(valueFrom.get("secretKeyRef"));
                vars.add(new Var(name, Source.SECRET, null, Yaml.str(ref.get("name")), Yaml.str(ref.get("key")),
                        Boolean.TRUE.equals(ref.get("optional"))));
            } else if (!valueFrom.isEmpty()) {
                vars.add(new Var(name, Source.FIELD, null, null, null, false));
            } else {
                vars.add(new Var(name, Source.VALUE, Yaml.str(e.get("value")), null, null, false));
            }
        }
        List<From> from = new ArrayList<>();
        for (Map<String, Object> f : Yaml.maps(container.get("envFrom"))) {
            if (f.containsKey("prefix")) {
                throw new IllegalStateException("envFrom with a prefix is not checked: " + f);
            }
            Map<String, Object> cm = Yaml.map(f.get("configMapRef"));
            Map<String, Object> secret = Yaml.map(f.get("secretRef"));
            if (!cm.isEmpty()) {
                from.add(new From(Source.CONFIG_MAP, Yaml.str(cm.get("name")), Boolean.TRUE.equals(cm.get("optional"))));
            } else {
                from.add(new From(Source.SECRET, Yaml.str(secret.get("name")), Boolean.TRUE.equals(secret.get("optional"))));
            }
        }
        return new Env(vars, from);
    }

    Var get(String name) {
        return vars.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
    }
}
