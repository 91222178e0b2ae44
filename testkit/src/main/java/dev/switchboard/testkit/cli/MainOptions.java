package dev.switchboard.testkit.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The command line of the testkit's mains (the fakes for the local platform): {@code --name value} or {@code --name=value}. */
public final class MainOptions {

    private MainOptions() {
    }

    /** The options given, by name; an option not in {@code known} or without a value is an error, not ignored. */
    public static Map<String, String> parse(Set<String> known, String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("missing value for " + arg);
            }
            if (!known.contains(arg)) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            values.put(arg, value);
        }
        return values;
    }

    /** A TCP port, 0 (any free one) to 65535. */
    public static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: " + value, e);
        }
    }
}
