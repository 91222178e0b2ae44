package dev.switchboard.gateway.providers.sse;

import dev.switchboard.gateway.providers.ProviderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * An incremental server-sent events parser (the WHATWG event-stream format), fed the response body in
 * chunks as they arrive. A chunk may end anywhere: inside a line, inside a {@code \r\n} pair or inside a
 * UTF-8 sequence; lines are decoded only once complete. One reader per stream, not thread-safe.
 * <ul>
 *   <li>Lines end with {@code \n}, {@code \r\n} or {@code \r}; a blank line dispatches the event.</li>
 *   <li>Lines starting with {@code :} are comments (keep-alives such as {@code : OPENROUTER PROCESSING}).</li>
 *   <li>{@code data:} lines are joined with {@code \n}; one space after the colon is dropped if present.</li>
 *   <li>{@code event:} names the event; {@code id:}, {@code retry:} and unknown fields are ignored.</li>
 *   <li>An event with no {@code data:} line is dropped. A leading UTF-8 byte order mark is skipped.</li>
 * </ul>
 * A line longer than {@link #DEFAULT_MAX_LINE_BYTES} (or the limit given) is a {@link ProviderException} of kind
 * BAD_RESPONSE, so a broken upstream cannot make the gateway buffer without bound.
 */
public final class SseEventReader {

    /** The longest line accepted by default: 16 MiB, far above any real chunk. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final int maxLineBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    /** The previous chunk ended with CR: a LF at the start of the next chunk belongs to the same line ending. */
    private boolean afterCr;
    /** Bytes of a possible BOM seen so far at the very start of the stream; -1 once past it. */
    private int bomMatched;
    private String eventName;
    /** The event's first data line; null while it has none. */
    private String data;
    /** Its data lines joined, once it has more than one. */
    private StringBuilder moreData;

    public SseEventReader() {
        this(DEFAULT_MAX_LINE_BYTES);
    }

    public SseEventReader(int maxLineBytes) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Feeds a chunk and returns the events it completed (often none or one). */
    public List<SseEvent> feed(byte[] chunk) {
        List<SseEvent> events = new ArrayList<>(2);
        feed(chunk, 0, chunk.length, events::add);
        return events;
    }

    /** Feeds a chunk, handing each event it completes to {@code sink}, in order. */
    public void feed(byte[] chunk, Consumer<SseEvent> sink) {
        feed(chunk, 0, chunk.length, sink);
    }

    /**
     * Feeds {@code length} bytes of {@code chunk} from {@code offset}, handing each completed event to {@code sink}.
     *
     * @throws ProviderException BAD_RESPONSE when a line exceeds the limit
     */
    public void feed(byte[] chunk, int offset, int length, Consumer<SseEvent> sink) {
        int i = skipBom(chunk, offset, offset + length);
        int end = offset + length;
        if (afterCr && i < end) {
            afterCr = false;
            if (chunk[i] == LF) {
                i++;
            }
        }
        int start = i;
        while (i < end) {
            byte b = chunk[i];
            if (b == LF || b == CR) {
                append(chunk, start, i - start);
                processLine(sink);
                i++;
                if (b == CR) {
                    if (i == end) {
                        afterCr = true;
                    } else if (chunk[i] == LF) {
                        i++;
                    }
                }
                start = i;
            } else {
                i++;
            }
        }
        append(chunk, start, end - start);
    }

    /** The stream ended: returns the last event when it was not followed by a blank line. */
    public List<SseEvent> finish() {
        List<SseEvent> events = new ArrayList<>(1);
        finish(events::add);
        return events;
    }

    /** The stream ended: hands the last event, if one is pending, to {@code sink}. The reader is then reset. */
    public void finish(Consumer<SseEvent> sink) {
        if (lineLength > 0) {
            processLine(sink);
        }
        dispatch(sink);
        afterCr = false;
    }

    private int skipBom(byte[] chunk, int from, int end) {
        int i = from;
        while (bomMatched >= 0 && i < end) {
            if (chunk[i] != BOM[bomMatched]) {
                // Not a BOM after all: the bytes matched so far were content, keep them.
                append(BOM, 0, bomMatched);
                bomMatched = -1;
                return i;
            }
            bomMatched++;
            i++;
            if (bomMatched == BOM.length) {
                bomMatched = -1;
            }
        }
        return i;
    }

    private void append(byte[] bytes, int from, int count) {
        if (count == 0) {
            return;
        }
        int needed = lineLength + count;
        if (needed > maxLineBytes) {
            throw new ProviderException(ProviderException.Kind.BAD_RESPONSE, 200, null,
                    "an event-stream line is longer than " + maxLineBytes + " bytes", null);
        }
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(needed, line.length * 2)));
        }
        System.arraycopy(bytes, from, line, lineLength, count);
        lineLength = needed;
    }

    private void processLine(Consumer<SseEvent> sink) {
        int length = lineLength;
        lineLength = 0;
        if (length == 0) {
            dispatch(sink);
            return;
        }
        if (line[0] == ':') {
            return;
        }
        int colon = indexOf(line, length, (byte) ':');
        int nameLength = colon < 0 ? length : colon;
        // the field name compared as bytes: no String made per line for a name that is almost always "data"
        boolean isData = nameLength == 4 && line[0] == 'd' && line[1] == 'a' && line[2] == 't' && line[3] == 'a';
        boolean isEvent = nameLength == 5 && line[0] == 'e' && line[1] == 'v' && line[2] == 'e' && line[3] == 'n' && line[4] == 't';
        if (!isData && !isEvent) {
            return; // id, retry and unknown fields carry nothing the gateway uses
        }
        String value = "";
        if (colon >= 0) {
            int valueStart = colon + 1;
            if (valueStart < length && line[valueStart] == ' ') {
                valueStart++;
            }
            value = new String(line, valueStart, length - valueStart, StandardCharsets.UTF_8);
        }
        if (isEvent) {
            eventName = value;
        } else if (data == null && moreData == null) {
            data = value; // the common case, one data line: no builder
        } else {
            if (moreData == null) {
                moreData = new StringBuilder(data);
            }
            moreData.append('\n').append(value);
        }
    }

    private void dispatch(Consumer<SseEvent> sink) {
        if (data != null) {
            SseEvent event = new SseEvent(eventName == null || eventName.isEmpty() ? null : eventName,
                    moreData != null ? moreData.toString() : data);
            data = null;
            moreData = null;
            eventName = null;
            sink.accept(event);
        } else {
            eventName = null;
        }
    }

    private static int indexOf(byte[] bytes, int length, byte wanted) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
