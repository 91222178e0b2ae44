package dev.switchboard.gateway.wire.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code tool_choice} naming one function: {@code {type:"function", function:{name}}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NamedToolChoice(String type, FunctionName function) {

    /** The {@code function} of a named tool choice. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FunctionName(String name) {
    }
}
