package dev.switchboard.web.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GenerationIdsTest {

    @Test
    void reads_the_second_of_gateway_and_seeded_ids() {
        assertThat(GenerationIds.secondOf("gen-1795860930-abcDEF0123456789xyzQ")).isEqualTo(Instant.ofEpochSecond(1795860930));
        assertThat(GenerationIds.secondOf("gen-1795860930-3f2b5c1e-2a4d-4c11-9a0b-0c2f1e9d8a77")).isEqualTo(Instant.ofEpochSecond(1795860930));
        assertThat(GenerationIds.secondOf("gen-253402300799-a")).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @Test
    void anything_else_is_no_id() {
        for (String bad : new String[] {null, "", "gen-", "gen-1", "gen-1-", "gen--abc", "gen-x1-abc", "gen-+1-abc", "GEN-1-abc",
                "gen-1-abc/def", "gen-1-abc%20", "gen-253402300800-a", "gen-1234567890123-a", "gen-1-" + "a".repeat(65),
                "gen-١٢-abc", "' OR 1=1 --"}) {
            assertThat(GenerationIds.secondOf(bad)).as(String.valueOf(bad)).isNull();
        }
    }
}
