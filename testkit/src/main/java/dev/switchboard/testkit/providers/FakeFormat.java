package dev.switchboard.testkit.providers;

/** A wire format the {@link FakeProviderServer} speaks; {@link #id()} is the first path segment of its routes. */
public enum FakeFormat {
    OPENAI("openai"),
    ANTHROPIC("anthropic"),
    GEMINI("gemini");

    private final String id;

    FakeFormat(String id) {
        this.id = id;
    }

    /** The lower-case name used in paths ({@code /openai/v1/...}) and in the {@code /__fake/stats} JSON. */
    public String id() {
        return id;
    }
}
