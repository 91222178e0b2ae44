package dev.switchboard.web.charts;

/**
 * One slot on a chart's x axis (a UTC day, an hour, any interval): {@code key} is what the data names it by,
 * {@code axisLabel} the short text under the axis ("Mar 3", "14:00"), {@code label} the full text of tooltips and
 * descriptions ("2026-03-03", "2026-03-03 14:00 UTC").
 */
public record Bucket(String key, String axisLabel, String label) {
}
