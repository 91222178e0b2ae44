package dev.switchboard.gateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.providers.ProviderFixtures;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Checks our bodies against the smallest bodies the official OpenRouter SDK accepts
 * ({@code fixtures/openrouter/sdk-minimal-bodies.json}, a copy of {@code shared/reference/openrouter-sdk-minimal-bodies.json}):
 * every key of the minimal body is present, with the same JSON type (a null there means "key required, null
 * allowed"), whole numbers stay whole, and literals ({@code object}, {@code role}) match exactly.
 */
final class SdkShapes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LITERALS = Set.of("object", "role");
    private static final JsonNode MINIMAL;

    static {
        try {
            MINIMAL = JSON.readTree(ProviderFixtures.bytes("openrouter/sdk-minimal-bodies.json"));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SdkShapes() {
    }

    /** Asserts {@code body} has the shape of the minimal body named {@code name} ("chat", "chunk", "embeddings"). */
    static JsonNode assertShape(String name, byte[] body) {
        JsonNode actual;
        try {
            actual = JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + new String(body), e);
        }
        check(MINIMAL.get(name), actual, name);
        return actual;
    }

    private static void check(JsonNode expected, JsonNode actual, String path) {
        if (expected.isNull()) {
            return;
        }
        assertThat(actual).as(path).isNotNull();
        assertThat(actual.getNodeType()).as(path + " type").isEqualTo(expected.getNodeType());
        if (expected.isIntegralNumber()) {
            assertThat(actual.canConvertToExactIntegral()).as(path + " is a whole number").isTrue();
        }
        if (expected.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String childPath = path + "." + field.getKey();
                assertThat(actual.has(field.getKey())).as(childPath + " present").isTrue();
                check(field.getValue(), actual.get(field.getKey()), childPath);
                if (LITERALS.contains(field.getKey())) {
                    assertThat(actual.get(field.getKey())).as(childPath + " literal").isEqualTo(field.getValue());
                }
            }
        }
        if (expected.isArray() && !expected.isEmpty()) {
            for (int i = 0; i < actual.size(); i++) {
                check(expected.get(0), actual.get(i), path + "[" + i + "]");
            }
        }
    }
}
