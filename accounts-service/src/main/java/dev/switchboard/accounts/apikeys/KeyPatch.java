package dev.switchboard.accounts.apikeys;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

/**
 * The settings both key APIs' PATCH bodies change alike ({@link UpdateApiKeyRequest}, {@link OpenRouterUpdateKeyRequest}):
 * only the fields present change, and an explicit null removes ({@code "limit": null} lifts the limit), so presence
 * is recorded separately from the value. What only one API has stays in its subclass, so that the other refuses it as
 * an unknown field.
 */
public abstract class KeyPatch {

    private final Set<String> present = new HashSet<>();
    private String name;
    private BigDecimal limit;
    private String limitReset;
    private Boolean disabled;
    private String expiresAt;

    public void setName(String name) {
        this.name = name;
        present.add("name");
    }

    public void setLimit(BigDecimal limit) {
        this.limit = limit;
        present.add("limit");
    }

    public void setLimitReset(String limitReset) {
        this.limitReset = limitReset;
        present.add("limit_reset");
    }

    public void setDisabled(Boolean disabled) {
        this.disabled = disabled;
        present.add("disabled");
    }

    public void setExpiresAt(String expiresAt) {
        this.expiresAt = expiresAt;
        present.add("expires_at");
    }

    /** Records that the body named {@code field} (its JSON name), for a subclass's own setters. */
    protected final void present(String field) {
        present.add(field);
    }

    /** Whether the body named {@code field} (its JSON name), null or not. */
    boolean has(String field) {
        return present.contains(field);
    }

    String name() {
        return name;
    }

    BigDecimal limit() {
        return limit;
    }

    String limitReset() {
        return limitReset;
    }

    Boolean disabled() {
        return disabled;
    }

    String expiresAt() {
        return expiresAt;
    }
}
