/**
 * The Anthropic Messages API's JSON objects as Jackson records, one per object, no behaviour. Used for the
 * outbound calls to Anthropic ({@code providers/anthropic}) and for our public {@code /api/v1/messages}
 * ({@code api/anthropic}). Fields are null when absent; unknown fields are ignored when reading.
 */
package dev.switchboard.gateway.wire.anthropic;
