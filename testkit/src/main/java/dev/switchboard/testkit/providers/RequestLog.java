package dev.switchboard.testkit.providers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fake's memory, shared by all its event loops: the last {@value #CAPACITY} requests and the counters (per
 * format and per upstream model, which are not bounded by the capacity).
 */
final class RequestLog {

    static final int CAPACITY = 1000;

    private final ArrayDeque<RecordedRequest> entries = new ArrayDeque<>(CAPACITY);
    private final Map<FakeFormat, LongAdder> perFormat = new EnumMap<>(FakeFormat.class);
    private final Map<String, LongAdder> perModel = new ConcurrentHashMap<>();
    private final LongAdder completedStreams = new LongAdder();
    private final LongAdder cancelledStreams = new LongAdder();

    RequestLog() {
        for (FakeFormat format : FakeFormat.values()) {
            perFormat.put(format, new LongAdder());
        }
    }

    void add(RecordedRequest request) {
        perFormat.get(request.format()).increment();
        if (request.model() != null) {
            perModel.computeIfAbsent(request.model(), ignored -> new LongAdder()).increment();
        }
        synchronized (entries) {
            if (entries.size() == CAPACITY) {
                entries.removeFirst();
            }
            entries.addLast(request);
        }
    }

    void streamCompleted() {
        completedStreams.increment();
    }

    void cancelled() {
        cancelledStreams.increment();
    }

    List<RecordedRequest> requests() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    long requestCount(FakeFormat format) {
        return perFormat.get(format).sum();
    }

    long requestCount(String model) {
        LongAdder count = model == null ? null : perModel.get(model);
        return count == null ? 0 : count.sum();
    }

    long completedStreams() {
        return completedStreams.sum();
    }

    long cancelledStreams() {
        return cancelledStreams.sum();
    }

    void reset() {
        synchronized (entries) {
            entries.clear();
        }
        perFormat.values().forEach(LongAdder::reset);
        perModel.clear();
        completedStreams.reset();
        cancelledStreams.reset();
    }

    ObjectNode statsJson() {
        ObjectNode stats = FakeJson.object();
        ObjectNode requests = stats.putObject("requests");
        perFormat.forEach((format, count) -> requests.put(format.id(), count.sum()));
        ObjectNode models = stats.putObject("models");
        new TreeMap<>(perModel).forEach((model, count) -> models.put(model, count.sum()));
        stats.put("completedStreams", completedStreams());
        stats.put("cancelledStreams", cancelledStreams());
        synchronized (entries) {
            stats.put("logged", entries.size());
        }
        return stats;
    }

    ArrayNode requestsJson() {
        ArrayNode array = FakeJson.array();
        for (RecordedRequest request : requests()) {
            ObjectNode node = array.addObject();
            node.put("format", request.format().id());
            node.put("method", request.method());
            node.put("path", request.path());
            node.put("model", request.model());
            node.put("stream", request.stream());
            node.put("receivedAt", request.receivedAt().toString());
            ObjectNode headers = node.putObject("headers");
            request.headers().forEach(headers::put);
            node.put("body", request.body());
        }
        return array;
    }
}
