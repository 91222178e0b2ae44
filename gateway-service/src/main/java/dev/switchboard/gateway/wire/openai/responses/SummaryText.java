package dev.switchboard.gateway.wire.openai.responses;

/** {@code {"type":"summary_text","text"}}: a part of a reasoning item's summary. */
public record SummaryText(String type, String text) {

    public SummaryText(String text) {
        this("summary_text", text);
    }
}
