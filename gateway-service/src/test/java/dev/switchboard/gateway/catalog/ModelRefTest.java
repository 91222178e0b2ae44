package dev.switchboard.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelRefTest {

    @Test
    void splits_author_slug_and_variant() {
        ModelRef ref = ModelRef.parse("meta-llama/llama-3.3-70b-instruct:nitro");

        assertThat(ref.author()).isEqualTo("meta-llama");
        assertThat(ref.slug()).isEqualTo("llama-3.3-70b-instruct");
        assertThat(ref.variant()).isEqualTo("nitro");
        assertThat(ref.id()).isEqualTo("meta-llama/llama-3.3-70b-instruct");
        assertThat(ref).hasToString("meta-llama/llama-3.3-70b-instruct:nitro");
    }

    @Test
    void has_no_variant_without_a_suffix() {
        ModelRef ref = ModelRef.parse("anthropic/claude-sonnet-4.5");

        assertThat(ref.variant()).isNull();
        assertThat(ref.variantName()).isEmpty();
        assertThat(ref.id()).isEqualTo("anthropic/claude-sonnet-4.5");
    }

    @Test
    void allows_upper_case_in_the_slug_only() {
        assertThat(ModelRef.parse("acme/model-X").slug()).isEqualTo("model-X");
        assertThatThrownBy(() -> ModelRef.parse("Acme/model")).hasMessageContaining("author");
    }

    @Test
    void rejects_ids_that_are_not_author_slug() {
        assertThatThrownBy(() -> ModelRef.parse("gpt-4o")).hasMessage("model id \"gpt-4o\" must look like author/slug");
        assertThatThrownBy(() -> ModelRef.parse("a/b/c")).hasMessageContaining("must look like author/slug");
        assertThatThrownBy(() -> ModelRef.parse("/slug")).hasMessageContaining("author");
        assertThatThrownBy(() -> ModelRef.parse("acme/")).hasMessageContaining("slug");
        assertThatThrownBy(() -> ModelRef.parse("acme/m:")).hasMessageContaining("invalid variant");
        assertThatThrownBy(() -> ModelRef.parse("acme/m:a:b")).hasMessageContaining("invalid variant");
        assertThatThrownBy(() -> ModelRef.parse("")).hasMessage("model id is empty");
        assertThatThrownBy(() -> ModelRef.parse(null)).hasMessage("model id is empty");
    }
}
