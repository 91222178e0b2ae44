package dev.switchboard.web.logs;

import java.util.UUID;

/** A key of the organization as the log names it; deleted keys stay, since their generations do. */
public record KeyName(UUID id, String name, boolean deleted) {

    public String label() {
        return deleted ? name + " (deleted)" : name;
    }
}
