package dev.switchboard.gateway.api.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.gateway.api.ApiJson;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.proxy.ResponseMeta;
import dev.switchboard.gateway.wire.openai.responses.OutputItem;
import dev.switchboard.gateway.wire.openai.responses.OutputText;
import dev.switchboard.gateway.wire.openai.responses.ResponseObject;
import dev.switchboard.gateway.wire.openai.responses.StreamEvent;
import dev.switchboard.gateway.wire.openai.responses.SummaryText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical chunks → OpenAI's Responses event stream for our {@code /api/v1/responses}, one writer per response, not
 * thread-safe. Each method returns whole SSE events ({@code event: <type>\ndata: {…}\n\n}), every one with its
 * {@code type} and a {@code sequence_number} counting from 0, in OpenAI's order:
 * <ol>
 *   <li>{@code response.created}, {@code response.in_progress} (status in_progress, no output yet);</li>
 *   <li>per output item, in the order the provider produced them: {@code response.output_item.added}, then
 *       <ul>
 *         <li>reasoning: {@code reasoning_summary_part.added}, {@code reasoning_summary_text.delta}s,
 *             {@code reasoning_summary_text.done}, {@code reasoning_summary_part.done};</li>
 *         <li>message: {@code content_part.added}, {@code output_text.delta}s, {@code output_text.done},
 *             {@code content_part.done};</li>
 *         <li>function call: {@code function_call_arguments.delta}s, {@code function_call_arguments.done};</li>
 *       </ul>
 *       then {@code response.output_item.done}; an item is done when the next one starts, or at the end;</li>
 *   <li>{@code response.completed} (or {@code response.incomplete}) with the whole response, usage and cost.</li>
 * </ol>
 * A failure after the stream started ends it with {@code error} and {@code response.failed}. There is no
 * {@code [DONE]}: OpenAI's Responses stream has none. A tool call delta whose call never started (no id and name
 * seen) is left out; a stream with no output at all still has its (empty) message item.
 */
public final class ResponsesStreamWriter {

    private enum Kind { MESSAGE, REASONING, FUNCTION_CALL }

    /** One output item as it is built. */
    private static final class Item {
        final Kind kind;
        final int index;
        final String id;
        final String callId;
        final String name;
        final StringBuilder text = new StringBuilder();
        /** A reasoning item's parts a provider needs back, and where the text its next signature signs starts. */
        final List<ContentPart.Thinking> details = new ArrayList<>(1);
        int unsignedFrom;
        /** Whether a reasoning item has a summary part (one made for a signature alone has none). */
        boolean summary;
        boolean done;

        Item(Kind kind, int index, String id, String callId, String name) {
            this.kind = kind;
            this.index = index;
            this.id = id;
            this.callId = callId;
            this.name = name;
        }
    }

    private final ResponseMeta startMeta;
    private final ResponseSettings settings;
    private final List<Item> items = new ArrayList<>();
    /** Canonical tool call index → its item. */
    private final Map<Integer, Item> calls = new HashMap<>();
    /** Gemini signatures on pieces of the open message, for a reasoning item once it closes. */
    private final List<ContentPart.Thinking> afterMessage = new ArrayList<>(1);
    private Item open;
    private long sequence;
    private boolean started;
    private boolean finished;
    private FinishReason finishReason;

    public ResponsesStreamWriter(String generationId, long createdEpochSeconds, String model, String providerName,
                                 ResponseSettings settings) {
        this.startMeta = ResponseMeta.start(generationId, createdEpochSeconds, model, providerName);
        this.settings = settings;
    }

    /** {@code response.created} and {@code response.in_progress}, once; {@link #onChunk} calls it too. */
    public List<String> start() {
        if (started) {
            return List.of();
        }
        started = true;
        ResponseObject response = ResponsesWriter.response(startMeta, "in_progress", null, null, List.of(), settings, null);
        return List.of(event(new StreamEvent.Lifecycle("response.created", sequence++, response)),
                event(new StreamEvent.Lifecycle("response.in_progress", sequence++, response)));
    }

    /** The events for one chunk (none for Finish and UsageReport, which {@link #finish} uses). */
    public List<String> onChunk(ChatChunk chunk) {
        if (finished) {
            return List.of();
        }
        List<String> events = new ArrayList<>(start());
        switch (chunk) {
            case ChatChunk.TextDelta text when !text.text().isEmpty() -> {
                Item item = openIfNot(Kind.MESSAGE, events);
                item.text.append(text.text());
                events.add(event(new StreamEvent.OutputTextDelta("response.output_text.delta", sequence++, item.id,
                        item.index, 0, text.text(), List.of())));
            }
            case ChatChunk.ReasoningDelta reasoning when !reasoning.text().isEmpty() -> {
                Item item = openIfNot(Kind.REASONING, events);
                openSummary(item, events);
                item.text.append(reasoning.text());
                events.add(event(new StreamEvent.SummaryTextDelta("response.reasoning_summary_text.delta", sequence++,
                        item.id, item.index, 0, reasoning.text())));
            }
            case ChatChunk.ReasoningDetail detail -> onReasoningDetail(detail.thinking(), events);
            case ChatChunk.ToolCallDelta call -> onToolCall(call, events);
            case ChatChunk.Finish finish -> finishReason = finish.reason();
            default -> { }
        }
        return events;
    }

    /**
     * Closes the open item and ends the response: {@code response.completed}, or {@code response.incomplete} when
     * the output limit or a content filter cut it, with {@code meta}'s usage and cost. Later calls return nothing.
     */
    public List<String> finish(ResponseMeta meta) {
        if (finished) {
            return List.of();
        }
        List<String> events = new ArrayList<>(start());
        if (items.isEmpty()) {
            openIfNot(Kind.MESSAGE, events); // OpenAI's output always has the message, if only an empty one
        }
        close(events);
        finished = true;
        String status = ResponsesWriter.status(finishReason);
        ResponseObject response = ResponsesWriter.response(meta, status, null, ResponsesWriter.incompleteReason(finishReason),
                output(), settings, ResponsesWriter.usage(meta));
        events.add(event(new StreamEvent.Lifecycle("response." + status, sequence++, response)));
        return events;
    }

    /**
     * The end of a stream whose response failed after it started: {@code error}, then {@code response.failed} with
     * the output so far (unfinished items {@code incomplete}) and the usage billed. Later calls return nothing.
     */
    public List<String> error(int status, String message, ResponseMeta meta) {
        if (finished) {
            return List.of();
        }
        List<String> events = new ArrayList<>(start());
        finished = true;
        String code = errorCode(status);
        events.add(event(new StreamEvent.Error("error", sequence++, code, message, null)));
        ResponseObject response = ResponsesWriter.response(meta, "failed", new ResponseObject.ResponseError(code, message),
                null, output(), settings, ResponsesWriter.usage(meta));
        events.add(event(new StreamEvent.Lifecycle("response.failed", sequence++, response)));
        return events;
    }

    /** OpenAI's error code for one of our statuses: rate_limit_exceeded (429), invalid_prompt (400, 403), else server_error. */
    static String errorCode(int status) {
        return switch (status) {
            case 429 -> "rate_limit_exceeded";
            case 400, 403 -> "invalid_prompt";
            default -> "server_error";
        };
    }

    /**
     * What a provider needs back goes into a reasoning item's encrypted content: the open reasoning item's (an
     * Anthropic signature signs the text streamed into it since the last one); a Gemini signature on a piece of
     * the message waits for the message to close and gets a reasoning item of its own after it (read back, it goes
     * onto that text again); any other starts a reasoning item of its own (a Gemini signature before its call).
     */
    private void onReasoningDetail(ContentPart.Thinking detail, List<String> events) {
        if (open != null && open.kind == Kind.MESSAGE && detail.toolCallId() == null
                && !ContentPart.Thinking.ANTHROPIC.equals(detail.format())) {
            afterMessage.add(detail);
            return;
        }
        Item item = openIfNot(Kind.REASONING, events);
        ContentPart.Thinking part = detail;
        if (ContentPart.Thinking.ANTHROPIC.equals(detail.format()) && detail.signature() != null) {
            part = new ContentPart.Thinking(detail.format(), item.text.substring(item.unsignedFrom), detail.signature(), null, null);
            item.unsignedFrom = item.text.length();
        }
        item.details.add(part);
    }

    private void openSummary(Item item, List<String> events) {
        if (!item.summary) {
            item.summary = true;
            events.add(event(new StreamEvent.SummaryPartEvent("response.reasoning_summary_part.added",
                    sequence++, item.id, item.index, 0, new SummaryText(""))));
        }
    }

    private void onToolCall(ChatChunk.ToolCallDelta call, List<String> events) {
        Item item = calls.get(call.index());
        if (item == null) {
            if (call.id() == null && call.name() == null) {
                return;
            }
            close(events);
            item = new Item(Kind.FUNCTION_CALL, items.size(), ResponsesWriter.itemId("fc", startMeta.generationId(), items.size()),
                    call.id(), call.name());
            add(item, events);
            calls.put(call.index(), item);
        }
        if (call.argumentsDelta() != null && !call.argumentsDelta().isEmpty()) {
            item.text.append(call.argumentsDelta());
            if (!item.done) { // a late piece of a call already closed (calls interleaved) still reaches the final response
                events.add(event(new StreamEvent.ArgumentsDelta("response.function_call_arguments.delta", sequence++,
                        item.id, item.index, call.argumentsDelta())));
            }
        }
    }

    /** The open item when it is of {@code kind}; else the open one is closed and a new one of {@code kind} added. */
    private Item openIfNot(Kind kind, List<String> events) {
        if (open != null && open.kind == kind) {
            return open;
        }
        close(events);
        String prefix = kind == Kind.MESSAGE ? "msg" : "rs";
        Item item = new Item(kind, items.size(), ResponsesWriter.itemId(prefix, startMeta.generationId(), items.size()), null, null);
        add(item, events);
        return item;
    }

    private void add(Item item, List<String> events) {
        items.add(item);
        open = item;
        events.add(event(new StreamEvent.OutputItemEvent("response.output_item.added", sequence++, item.index,
                view(item, "in_progress"))));
        switch (item.kind) {
            case MESSAGE -> events.add(event(new StreamEvent.ContentPartEvent("response.content_part.added", sequence++,
                    item.id, item.index, 0, new OutputText(""))));
            case REASONING, FUNCTION_CALL -> { } // a reasoning item's summary part opens with its first text
        }
    }

    /** Closes the open item: its done events, then {@code response.output_item.done}. */
    private void close(List<String> events) {
        Item item = open;
        open = null;
        if (item == null || item.done) {
            return;
        }
        item.done = true;
        String text = item.text.toString();
        switch (item.kind) {
            case MESSAGE -> {
                events.add(event(new StreamEvent.OutputTextDone("response.output_text.done", sequence++, item.id, item.index,
                        0, text, List.of())));
                events.add(event(new StreamEvent.ContentPartEvent("response.content_part.done", sequence++, item.id,
                        item.index, 0, new OutputText(text))));
            }
            case REASONING -> {
                if (item.summary) {
                    events.add(event(new StreamEvent.SummaryTextDone("response.reasoning_summary_text.done", sequence++, item.id,
                            item.index, 0, text)));
                    events.add(event(new StreamEvent.SummaryPartEvent("response.reasoning_summary_part.done", sequence++,
                            item.id, item.index, 0, new SummaryText(text))));
                }
            }
            case FUNCTION_CALL -> events.add(event(new StreamEvent.ArgumentsDone("response.function_call_arguments.done",
                    sequence++, item.id, item.index, item.name, text)));
        }
        events.add(event(new StreamEvent.OutputItemEvent("response.output_item.done", sequence++, item.index,
                view(item, itemStatus()))));
        if (item.kind == Kind.MESSAGE && !afterMessage.isEmpty()) {
            Item signatures = openIfNot(Kind.REASONING, events);
            signatures.details.addAll(afterMessage);
            afterMessage.clear();
            close(events);
        }
    }

    /** The status of a finished item: incomplete when the response was cut, else completed. */
    private String itemStatus() {
        return ResponsesWriter.incompleteReason(finishReason) == null ? "completed" : "incomplete";
    }

    private List<OutputItem> output() {
        List<OutputItem> output = new ArrayList<>(items.size());
        for (Item item : items) {
            output.add(view(item, item.done ? itemStatus() : "incomplete"));
        }
        return output;
    }

    private static OutputItem view(Item item, String status) {
        String text = item.text.toString();
        return switch (item.kind) {
            case MESSAGE -> new OutputItem.Message(item.id, status,
                    status.equals("in_progress") ? List.of() : List.of(new OutputText(text)));
            case REASONING -> status.equals("in_progress") ? new OutputItem.Reasoning(item.id, List.of(), null)
                    : ResponsesReasoning.encode(item.id, item.summary ? text : null, item.details);
            case FUNCTION_CALL -> new OutputItem.FunctionCall(item.id, status, text, item.callId, item.name);
        };
    }

    private static String event(StreamEvent event) {
        try {
            return "event: " + event.type() + "\ndata: " + ApiJson.MAPPER.writeValueAsString(event) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the " + event.type() + " event", e);
        }
    }
}
