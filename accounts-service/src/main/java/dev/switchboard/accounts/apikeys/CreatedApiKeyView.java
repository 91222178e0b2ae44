package dev.switchboard.accounts.apikeys;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** The answer to a key's creation: its view and, this once only, its secret ({@code key}). */
public record CreatedApiKeyView(String key, @JsonUnwrapped ApiKeyView view) {
}
