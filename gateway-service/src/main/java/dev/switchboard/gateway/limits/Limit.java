package dev.switchboard.gateway.limits;

/**
 * One rate limit that applies to a request: what it counts, whose it is, how many per minute, and the name its
 * count has in Redis (and in the in-memory fallback).
 */
public record Limit(Kind kind, Scope scope, long perMinute, String key) {

    public enum Kind {
        REQUESTS("requests"), TOKENS("tokens");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public enum Scope {
        KEY("key"), ORGANIZATION("organization");

        public final String label;

        Scope(String label) {
            this.label = label;
        }
    }

    /** The limit's argument to the Redis script: its kind's letter and its rate, e.g. {@code r60}. */
    String scriptArgument() {
        return (kind == Kind.REQUESTS ? "r" : "t") + perMinute;
    }

    /** How the limit is named to a client, e.g. {@code key_requests_per_minute}. */
    public String name() {
        return scope.label + "_" + kind.label + "_per_minute";
    }
}
