package dev.switchboard.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderKeysTest {

    private static ProviderKeys keys(Map<String, String> config) {
        return new ProviderKeys(name -> Optional.ofNullable(config.get(name)));
    }

    @Test
    void reads_the_variable_the_catalog_names() {
        assertThat(keys(Map.of("OPENAI_API_KEY", "sk-1")).keyFor("openai", "OPENAI_API_KEY")).contains("sk-1");
    }

    @Test
    void falls_back_to_the_provider_keys_property() {
        assertThat(keys(Map.of("switchboard.provider-keys.openai", "sk-2")).keyFor("openai", "OPENAI_API_KEY")).contains("sk-2");
    }

    @Test
    void treats_a_blank_value_as_unset() {
        assertThat(keys(Map.of("OPENAI_API_KEY", "  ")).keyFor("openai", "OPENAI_API_KEY")).isEmpty();
    }

    @Test
    void gives_a_keyless_provider_no_key_unless_one_is_configured() {
        assertThat(keys(Map.of()).keyFor("fake", null)).isEmpty();
        assertThat(keys(Map.of("switchboard.provider-keys.fake", "test-key")).keyFor("fake", null)).contains("test-key");
    }
}
