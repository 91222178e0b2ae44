package dev.switchboard.accounts.apikeys;

/** Body of {@code PATCH /api/v1/keys/{hash}}: the dashboard's fields plus OpenRouter's {@code include_byok_in_limit}. */
public class OpenRouterUpdateKeyRequest extends UpdateApiKeyRequest {

    private Boolean includeByokInLimit;

    public void setIncludeByokInLimit(Boolean includeByokInLimit) {
        this.includeByokInLimit = includeByokInLimit;
    }

    Boolean includeByokInLimit() {
        return includeByokInLimit;
    }
}
