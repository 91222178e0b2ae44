package dev.switchboard.gateway.wire.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A content block, told apart by its {@code type}; a type we do not model reads as {@link Other}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type",
        defaultImpl = ContentBlock.Other.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = ContentBlock.Text.class, name = "text"),
        @JsonSubTypes.Type(value = ContentBlock.Image.class, name = "image"),
        @JsonSubTypes.Type(value = ContentBlock.ToolUse.class, name = "tool_use"),
        @JsonSubTypes.Type(value = ContentBlock.ToolResult.class, name = "tool_result"),
        @JsonSubTypes.Type(value = ContentBlock.Thinking.class, name = "thinking"),
        @JsonSubTypes.Type(value = ContentBlock.RedactedThinking.class, name = "redacted_thinking")})
public sealed interface ContentBlock {

    /** {@code {"type":"text","text":…}} */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Text(String text, @JsonProperty("cache_control") CacheControl cacheControl) implements ContentBlock {

        public Text(String text) {
            this(text, null);
        }
    }

    /** {@code {"type":"image","source":{…}}} */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Image(ImageSource source, @JsonProperty("cache_control") CacheControl cacheControl) implements ContentBlock {

        public Image(ImageSource source) {
            this(source, null);
        }
    }

    /** {@code {"type":"tool_use","id","name","input":{…}}}: {@code input} is a JSON object. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ToolUse(String id, String name, JsonNode input, @JsonProperty("cache_control") CacheControl cacheControl)
            implements ContentBlock {

        public ToolUse(String id, String name, JsonNode input) {
            this(id, name, input, null);
        }
    }

    /** {@code {"type":"tool_result","tool_use_id","content","is_error"}}; sent with string content. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ToolResult(String toolUseId, String content, Boolean isError, CacheControl cacheControl) implements ContentBlock {

        public ToolResult(String toolUseId, String content, Boolean isError) {
            this(toolUseId, content, isError, null);
        }
    }

    /** {@code {"type":"thinking","thinking","signature"}} */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Thinking(String thinking, String signature) implements ContentBlock {
    }

    /** {@code {"type":"redacted_thinking","data"}}: encrypted reasoning, never shown. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RedactedThinking(String data) implements ContentBlock {
    }

    /** Any other block type (server tools, citations, …), read and ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Other() implements ContentBlock {
    }
}
