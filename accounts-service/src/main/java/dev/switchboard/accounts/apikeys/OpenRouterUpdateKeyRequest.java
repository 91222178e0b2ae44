package dev.switchboard.accounts.apikeys;

/**
 * Body of {@code PATCH /api/v1/keys/{hash}}: the settings both key APIs share plus OpenRouter's
 * {@code include_byok_in_limit}; not the dashboard's rate limits, which OpenRouter's SDKs do not know.
 */
public class OpenRouterUpdateKeyRequest extends KeyPatch {

    private Boolean includeByokInLimit;

    public void setIncludeByokInLimit(Boolean includeByokInLimit) {
        this.includeByokInLimit = includeByokInLimit;
    }

    Boolean includeByokInLimit() {
        return includeByokInLimit;
    }
}
