package dev.switchboard.gateway.catalog;

/** What a model does: chat completions or embeddings (the {@code models.kind} column). */
public enum ModelKind {
    CHAT, EMBEDDING
}
