package dev.switchboard.shared.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void a_generated_key_has_the_shape_and_is_new_every_time() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String key = ApiKeys.generate();
            assertThat(ApiKeys.hasValidShape(key)).as(key).isTrue();
            assertThat(seen.add(key)).isTrue();
        }
    }

    @Test
    void the_hash_is_the_lower_case_hex_sha256_of_the_whole_secret() {
        // sha256("sk-sb-v1-" + 64 zeros), computed with sha256sum
        String key = ApiKeys.PREFIX + "0".repeat(64);
        assertThat(ApiKeys.hash(key)).isEqualTo("6423c32bbc06bdbcc1b8784cc9ffd15729aca842e482e0903809645099a0307a");
        assertThat(ApiKeys.hash(key)).isNotEqualTo(ApiKeys.hash(ApiKeys.PREFIX + "0".repeat(63) + "1"));
        assertThat(ApiKeys.label(key)).isEqualTo("sk-sb-v1-000…000");
        assertThat(ApiKeys.hasValidShape(ApiKeys.PREFIX + "A".repeat(64))).as("upper case").isFalse();
        assertThat(ApiKeys.hasValidShape(ApiKeys.PREFIX + "0".repeat(63))).as("short").isFalse();
    }
}
