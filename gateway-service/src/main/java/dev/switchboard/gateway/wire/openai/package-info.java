/**
 * The OpenAI chat completions wire (with OpenRouter's additions: {@code provider}, {@code native_finish_reason},
 * {@code usage.cost}, …) as Jackson records, one per JSON object, no behaviour. Used for the outbound calls to
 * every OpenAI-compatible provider ({@code providers/openai}) and for our public {@code /api/v1} bodies
 * ({@code api/openai}). Fields are null when absent and left out when written, except those marked
 * {@code ALWAYS}, which the official SDKs require as keys even when null. Unknown fields are ignored when reading.
 */
package dev.switchboard.gateway.wire.openai;
