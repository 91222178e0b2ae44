package dev.switchboard.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one service reads, from its own files at test time: application.properties in the prod profile (what a packaged
 * service runs with), the {@code ${NAME:default}} references in it, its {@code @ConfigMapping}s and
 * {@code @ConfigProperty}s, and the YAML resources it reads with MicroProfile Config (the gateway's catalog:
 * {@code api_key_env} names and {@code ${…}} references).
 */
record ServiceConfig(
        String module,
        Path dir,
        String name,
        Map<String, String> properties,
        Map<String, Reference> references,
        List<ConfigMappings.MappedProperty> mapped,
        Set<String> resourceVariables) {

    /** A {@code ${name:default}} reference; {@code defaultValue} is null when it has none. */
    record Reference(String name, String defaultValue) {
        boolean environmentVariable() {
            return name.matches("[A-Z][A-Z0-9_]*");
        }

        String variable() {
            return environmentVariable() ? name : envName(name);
        }
    }

    private static final Pattern LOOPBACK = Pattern.compile("://(localhost|127\\.0\\.0\\.1|\\[::1])(?=[:/]|$)");
    private static final Pattern SECRET_LIKE = Pattern.compile(".*(SECRET|PASSWORD|TOKEN|SECRET_KEY|API_KEY)$");

    static ServiceConfig load(String module, Path dir) {
        Properties raw = new Properties();
        try {
            raw.load(new StringReader(Project.read(dir.resolve("src/main/resources/application.properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> prod = new TreeMap<>();
        Map<String, String> prodOverrides = new TreeMap<>();
        for (String key : raw.stringPropertyNames()) {
            if (key.startsWith("%")) {
                int dot = key.indexOf('.');
                if (Set.of(key.substring(1, dot).split(",")).contains("prod")) {
                    prodOverrides.put(key.substring(dot + 1), raw.getProperty(key));
                }
            } else {
                prod.put(key, raw.getProperty(key));
            }
        }
        prod.putAll(prodOverrides);

        Map<String, Reference> refs = new LinkedHashMap<>();
        prod.values().forEach(v -> references(v, refs));

        List<ConfigMappings.MappedProperty> mapped = new ArrayList<>();
        for (Path java : Project.files(dir.resolve("src/main/java"), ".java")) {
            mapped.addAll(ConfigMappings.parse(Project.read(java)));
        }

        // YAML read through MicroProfile Config: the names it looks up are read too (the catalog's api_key_env
        // variables, its ${config.key} references)
        Set<String> resourceVariables = new LinkedHashSet<>();
        for (Path yaml : Project.files(dir.resolve("src/main/resources"), ".yaml")) {
            String text = Project.read(yaml);
            Matcher keyEnv = Pattern.compile("(?m)^\\s*api_key_env:\\s*([A-Z][A-Z0-9_]*)\\s*$").matcher(text);
            while (keyEnv.find()) {
                resourceVariables.add(keyEnv.group(1));
            }
            Map<String, Reference> yamlRefs = new LinkedHashMap<>();
            references(text.replaceAll("(?m)#.*$", ""), yamlRefs);
            yamlRefs.values().forEach(r -> resourceVariables.add(r.variable()));
        }
        String name = Optional.ofNullable(prod.get("quarkus.application.name")).orElse(module);
        return new ServiceConfig(module, dir, name, prod, refs, mapped, resourceVariables);
    }

    /** SmallRye's environment variable of a property: every character but letters and digits becomes _, upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** Adds every ${name[:default]} of a value, nested ones in defaults included. */
    static void references(String value, Map<String, Reference> out) {
        int i = 0;
        while ((i = value.indexOf("${", i)) >= 0) {
            int depth = 0;
            int end = -1;
            int colon = -1;
            for (int j = i + 2; j < value.length(); j++) {
                char c = value.charAt(j);
                if (c == '{' && value.charAt(j - 1) == '$') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        end = j;
                        break;
                    }
                    depth--;
                } else if (c == ':' && depth == 0 && colon < 0) {
                    colon = j;
                }
            }
            if (end < 0) {
                return;
            }
            String name = value.substring(i + 2, colon < 0 ? end : colon);
            String def = colon < 0 ? null : value.substring(colon + 1, end);
            out.putIfAbsent(name, new Reference(name, def));
            if (def != null) {
                references(def, out);
            }
            i = end + 1;
        }
    }

    int httpPort() {
        return Integer.parseInt(resolve(properties.get("quarkus.http.port"), Set.of()));
    }

    int managementPort() {
        return Integer.parseInt(resolve(properties.get("quarkus.management.port"), Set.of()));
    }

    Optional<Duration> shutdownTimeout() {
        return Optional.ofNullable(properties.get("quarkus.shutdown.timeout"))
                .map(v -> Duration.parse("PT" + resolve(v, Set.of()).toUpperCase()));
    }

    /** Every environment variable this service reads (exact names). */
    Set<String> readableVariables() {
        Set<String> out = new LinkedHashSet<>();
        properties.keySet().forEach(k -> out.add(envName(k)));
        references.values().forEach(r -> out.add(r.variable()));
        mapped.stream().filter(p -> !p.map()).forEach(p -> out.add(envName(p.name())));
        out.addAll(resourceVariables);
        return out;
    }

    boolean reads(String variable) {
        return readableVariables().contains(variable)
                || mapped.stream().anyMatch(p -> p.map() && variable.startsWith(envName(p.name()) + "_"));
    }

    /** Variables the service cannot start right without: references with no default, mapped properties with none. */
    Set<String> requiredVariables() {
        Set<String> out = new LinkedHashSet<>();
        references.values().stream().filter(r -> r.defaultValue() == null && r.environmentVariable()
                && !properties.containsKey(r.name())).forEach(r -> out.add(r.name()));
        mapped.stream().filter(p -> p.required() && !properties.containsKey(p.name())).forEach(p -> out.add(envName(p.name())));
        return out;
    }

    /** Referenced variables that hold credentials: a deployment must give them from a Secret. */
    Set<String> secretVariables() {
        Set<String> out = new LinkedHashSet<>();
        references.values().stream().map(Reference::variable).filter(v -> SECRET_LIKE.matcher(v).matches()).forEach(out::add);
        return out;
    }

    /**
     * Properties whose value, with the given variables set, still names this machine (localhost, 127.0.0.1): in a
     * container that is the container itself, so the deployment must set them. A property is set when its own variable
     * is, or when every reference it makes to one is.
     */
    Map<String, String> loopbackProperties(Set<String> setVariables) {
        Map<String, String> out = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (!setVariables.contains(envName(k))) {
                String resolved = resolve(v, setVariables);
                if (LOOPBACK.matcher(resolved).find()) {
                    out.put(k, resolved);
                }
            }
        });
        mapped.stream().filter(p -> p.defaultValue() != null && !properties.containsKey(p.name())
                && !setVariables.contains(envName(p.name())) && LOOPBACK.matcher(p.defaultValue()).find())
                .forEach(p -> out.put(p.name(), p.defaultValue()));
        return out;
    }

    /** A value with its references resolved: a set variable counts as set elsewhere (not loopback), else the default. */
    String resolve(String value, Set<String> setVariables) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                out.append(value.substring(i));
                return out.toString();
            }
            out.append(value, i, start);
            Map<String, Reference> one = new LinkedHashMap<>();
            String rest = value.substring(start);
            references(rest, one);
            Reference r = one.values().iterator().next();
            int end = closing(value, start);
            if (setVariables.contains(r.variable())) {
                out.append("<set>");
            } else if (!r.environmentVariable() && properties.containsKey(r.name())) {
                out.append(resolve(properties.get(r.name()), setVariables));
            } else {
                out.append(r.defaultValue() == null ? "" : resolve(r.defaultValue(), setVariables));
            }
            i = end + 1;
        }
    }

    private static int closing(String value, int start) {
        int depth = 0;
        for (int j = start + 2; j < value.length(); j++) {
            if (value.charAt(j) == '{' && value.charAt(j - 1) == '$') {
                depth++;
            } else if (value.charAt(j) == '}' && depth-- == 0) {
                return j;
            }
        }
        throw new IllegalStateException("unclosed ${ in " + value);
    }
}
