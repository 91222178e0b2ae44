package dev.switchboard.gateway.wire.openai.responses;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * An event of a streamed response, sent as {@code event: <type>} and {@code data: <this>}; every event carries its
 * {@code type} and a {@code sequence_number} that counts from 0 within the stream.
 */
public sealed interface StreamEvent {

    String type();

    long sequenceNumber();

    /** {@code response.created}, {@code .in_progress}, {@code .completed}, {@code .incomplete}, {@code .failed}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Lifecycle(String type, long sequenceNumber, ResponseObject response) implements StreamEvent {
    }

    /** {@code response.output_item.added} and {@code .done}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record OutputItemEvent(String type, long sequenceNumber, int outputIndex, OutputItem item) implements StreamEvent {
    }

    /** {@code response.content_part.added} and {@code .done}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ContentPartEvent(String type, long sequenceNumber, String itemId, int outputIndex, int contentIndex,
                            OutputText part) implements StreamEvent {
    }

    /** {@code response.output_text.delta}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record OutputTextDelta(String type, long sequenceNumber, String itemId, int outputIndex, int contentIndex,
                           String delta, List<Object> logprobs) implements StreamEvent {
    }

    /** {@code response.output_text.done}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record OutputTextDone(String type, long sequenceNumber, String itemId, int outputIndex, int contentIndex,
                          String text, List<Object> logprobs) implements StreamEvent {
    }

    /** {@code response.reasoning_summary_part.added} and {@code .done}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SummaryPartEvent(String type, long sequenceNumber, String itemId, int outputIndex, int summaryIndex,
                            SummaryText part) implements StreamEvent {
    }

    /** {@code response.reasoning_summary_text.delta}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SummaryTextDelta(String type, long sequenceNumber, String itemId, int outputIndex, int summaryIndex,
                            String delta) implements StreamEvent {
    }

    /** {@code response.reasoning_summary_text.done}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SummaryTextDone(String type, long sequenceNumber, String itemId, int outputIndex, int summaryIndex,
                           String text) implements StreamEvent {
    }

    /** {@code response.function_call_arguments.delta}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ArgumentsDelta(String type, long sequenceNumber, String itemId, int outputIndex, String delta)
            implements StreamEvent {
    }

    /** {@code response.function_call_arguments.done}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ArgumentsDone(String type, long sequenceNumber, String itemId, int outputIndex, String name,
                         String arguments) implements StreamEvent {
    }

    /** {@code error}: a failure after the stream started; {@code response.failed} follows it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Error(String type, long sequenceNumber, String code, String message, String param) implements StreamEvent {
    }
}
