package dev.switchboard.gateway.catalog;

/** Whether a provider may retain or train on prompts (OpenRouter's {@code provider.data_collection}). */
public enum DataCollection {
    ALLOW, DENY
}
