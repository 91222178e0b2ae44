package dev.switchboard.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The properties of a service's {@code @ConfigMapping} interfaces and {@code @ConfigProperty} injections, read from its
 * Java sources (not its classes: the test needs no build of the services). Group members (a nested interface) add
 * their own members under their name; a {@code Map<String, …>} member takes any key below its name.
 */
final class ConfigMappings {

    /** A property: its full name; a pattern for maps; whether it must be set (no default, not optional); its default. */
    record MappedProperty(String name, boolean map, boolean required, String defaultValue) {
    }

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile(
            "@ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"(?:\\s*,\\s*defaultValue\\s*=\\s*\"([^\"]*)\")?");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{");
    // a member of an interface body at its own level: annotations, a type, a name, no parameters
    private static final Pattern MEMBER = Pattern.compile(
            "((?:@\\w+(?:\\s*\\((?:[^()\"]|\"(?:[^\"\\\\]|\\\\.)*\")*\\))?\\s*)*)([\\w.]+(?:\\s*<[^;(){}]*>)?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern WITH_DEFAULT = Pattern.compile("@WithDefault\\s*\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");

    private ConfigMappings() {
    }

    static List<MappedProperty> parse(String source) {
        String code = stripComments(source);
        List<MappedProperty> out = new ArrayList<>();
        Matcher cp = CONFIG_PROPERTY.matcher(code);
        while (cp.find()) {
            out.add(new MappedProperty(cp.group(1), false, cp.group(2) == null, cp.group(2)));
        }
        Matcher m = MAPPING.matcher(code);
        if (m.find()) {
            Matcher top = INTERFACE.matcher(code);
            if (!top.find(m.end())) {
                throw new IllegalStateException("@ConfigMapping without an interface");
            }
            Map<String, String> bodies = new LinkedHashMap<>();
            collectInterfaces(code, bodies);
            members(m.group(1), bodies.get(top.group(1)), bodies, out);
        }
        return out;
    }

    private static void members(String prefix, String body, Map<String, String> interfaces, List<MappedProperty> out) {
        Matcher m = MEMBER.matcher(topLevel(body));
        while (m.find()) {
            String annotations = m.group(1);
            String type = m.group(2).replaceAll("\\s+", "");
            Matcher named = WITH_NAME.matcher(annotations);
            String name = named.find() ? named.group(1) : kebab(m.group(3));
            String full = annotations.contains("@WithParentName") ? prefix : prefix + "." + name;
            String inner = type.replaceFirst("^Optional<(.*)>$", "$1");
            if (interfaces.containsKey(inner)) {
                members(full, interfaces.get(inner), interfaces, out);
            } else if (type.startsWith("Map<")) {
                out.add(new MappedProperty(full, true, false, null));
            } else {
                Matcher def = WITH_DEFAULT.matcher(annotations);
                boolean hasDefault = def.find();
                boolean optional = type.startsWith("Optional");
                out.add(new MappedProperty(full, false, !hasDefault && !optional, hasDefault ? def.group(1) : null));
            }
        }
    }

    /** Every interface declared in the file, by simple name, with its body (between its braces). */
    private static void collectInterfaces(String code, Map<String, String> out) {
        Matcher m = INTERFACE.matcher(code);
        while (m.find()) {
            int open = m.end() - 1;
            int close = matching(code, open);
            out.putIfAbsent(m.group(1), code.substring(open + 1, close));
        }
    }

    /** The body with every nested block replaced by {}, so only its own members remain. */
    private static String topLevel(String body) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : body.toCharArray()) {
            if (c == '{') {
                if (depth++ == 0) {
                    out.append("{}");
                }
            } else if (c == '}') {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int matching(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            if (code.charAt(i) == '{') {
                depth++;
            } else if (code.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced braces");
    }

    /** Comments and the contents of text blocks go; string literals stay (annotations need them). */
    static String stripComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", "").replaceAll("(?s)\"\"\".*?\"\"\"", "\"\"");
    }

    /** SmallRye's kebab-case of a member name: maxBodyBytes → max-body-bytes, failuresInARow → failures-in-a-row. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2").toLowerCase();
    }
}
