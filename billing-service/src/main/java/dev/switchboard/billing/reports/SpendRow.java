package dev.switchboard.billing.reports;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a spend report: the group's keys (the columns of its {@link SpendDimension}s, e.g. {@code model}, or
 * {@code day} and {@code model}) followed by the {@link SpendUsage} columns; one flat object, as in the CSV.
 */
public record SpendRow(Map<String, Object> group, SpendUsage usage) {

    @JsonValue
    public Map<String, Object> columns() {
        Map<String, Object> columns = new LinkedHashMap<>(group);
        columns.putAll(usage.columns());
        return columns;
    }
}
