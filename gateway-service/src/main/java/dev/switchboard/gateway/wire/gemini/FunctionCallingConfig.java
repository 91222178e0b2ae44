package dev.switchboard.gateway.wire.gemini;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code mode} "AUTO" | "ANY" | "NONE"; {@code allowedFunctionNames} only with ANY. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionCallingConfig(String mode, List<String> allowedFunctionNames) {
}
