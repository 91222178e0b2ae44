package dev.switchboard.shared.generations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Every shape the gateway has written reads as the same attempts; anything else reads as nothing. */
class ProviderResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_attempts_of_a_routing_trace_are_its_failed_and_served_entries_in_order() throws Exception {
        JsonNode column = JSON.readTree("""
                {"routing":[
                  {"model":"a/m","provider_name":"Skipped","endpoint_id":"e1","outcome":"skipped","reason":"ignored"},
                  {"model":"a/m","provider_name":"Down","endpoint_id":"e2","outcome":"failed","reason":"HTTP 503","status":503,"latency":12},
                  {"model":"a/m","provider_name":"Gone","endpoint_id":"e3","outcome":"failed","reason":"connection refused"},
                  {"model":"b/m","provider_name":"Up","endpoint_id":"e4","outcome":"served","status":200,"latency":3},
                  {"model":"b/m","provider_name":"Spare","endpoint_id":"e5","outcome":"not_tried"}]}""");
        assertThat(ProviderResponses.attempts(column)).isEqualTo(JSON.readTree("""
                [{"provider_name":"Down","endpoint_id":"e2","model":"a/m","status":503,"latency":12,"error":"HTTP 503"},
                 {"provider_name":"Gone","endpoint_id":"e3","model":"a/m","status":null,"latency":null,"error":"connection refused"},
                 {"provider_name":"Up","endpoint_id":"e4","model":"b/m","status":200,"latency":3}]"""));
        assertThat(ProviderResponses.routing(column)).hasSize(5);
    }

    @Test
    void older_rows_read_as_they_were_written() throws Exception {
        JsonNode both = JSON.readTree("{\"attempts\":[{\"provider_name\":\"X\",\"status\":200}],\"routing\":[]}");
        assertThat(ProviderResponses.attempts(both)).isEqualTo(JSON.readTree("[{\"provider_name\":\"X\",\"status\":200}]"));
        JsonNode alone = JSON.readTree("[{\"provider_name\":\"X\",\"status\":502}]");
        assertThat(ProviderResponses.attempts(alone)).isSameAs(alone);
        assertThat(ProviderResponses.routing(alone)).isNull();
    }

    @Test
    void null_and_unknown_shapes_read_as_nothing() throws Exception {
        assertThat(ProviderResponses.attempts(null)).isNull();
        assertThat(ProviderResponses.attempts(JSON.readTree("\"text\""))).isNull();
        assertThat(ProviderResponses.attempts(JSON.readTree("{\"routing\":5}"))).isNull();
        assertThat(ProviderResponses.routing(JSON.readTree("{\"routing\":5}"))).isNull();
    }
}
