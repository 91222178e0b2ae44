package dev.switchboard.gateway.canonical;

/** Who speaks a message. TOOL messages carry {@link ContentPart.ToolResult} parts. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL
}
