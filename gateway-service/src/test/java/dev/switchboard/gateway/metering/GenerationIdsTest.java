package dev.switchboard.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class GenerationIdsTest {

    @RepeatedTest(50)
    void the_time_of_an_id_is_the_second_it_was_made_in() {
        Instant at = Instant.ofEpochSecond(ThreadLocalRandom.current().nextLong(0, 253_402_300_800L));
        assertThat(GenerationIds.timeOf(GenerationIds.next(at))).isEqualTo(at);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "gen-99999999999999999-x",                      // a long, but no Instant
            "gen-9223372036854775808-aB3dE5fG7hJ9kL1mN3pQ", // not even a long
            "gen-253402300800-aB3dE5fG7hJ9kL1mN3pQ",        // after 9999-12-31
            "gen--1-aB3dE5fG7hJ9kL1mN3pQ", "gen-+1767225600-aB3dE5fG7hJ9kL1mN3pQ", "gen- 1767225600-aB3dE5fG7hJ9kL1mN3pQ",
            "gen--aB3dE5fG7hJ9kL1mN3pQ", "gen-1767225600-", "gen-1767225600", "gen-", "gen", "gen-1767225600-aB3d",
            "gen-1767225600-aB3dE5fG7hJ9kL1mN3pQ-x", "gen-1767225600-aB3dE5fG7hJ9kL1mN3p!", "gen-17672x5600-aB3dE5fG7hJ9kL1mN3pQ",
            "gen-١٧٦٧٢٢٥٦٠٠-aB3dE5fG7hJ9kL1mN3pQ",          // digits, but not ASCII ones
            "GEN-1767225600-aB3dE5fG7hJ9kL1mN3pQ", "chatcmpl-1767225600-aB3dE5fG7hJ9kL1mN3pQ"})
    void a_malformed_or_out_of_range_id_has_no_time(String id) {
        assertThat(GenerationIds.timeOf(id)).isNull();
    }

    @RepeatedTest(20)
    void a_huge_or_random_id_has_no_time_and_never_throws() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder("gen-");
        int digits = random.nextInt(13, 5000);
        for (int i = 0; i < digits; i++) {
            id.append((char) ('0' + random.nextInt(10)));
        }
        id.append("-aB3dE5fG7hJ9kL1mN3pQ");
        assertThat(GenerationIds.timeOf(id.toString())).isNull();
    }
}
