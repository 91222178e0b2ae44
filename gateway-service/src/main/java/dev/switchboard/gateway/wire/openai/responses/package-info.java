/**
 * OpenAI's Responses API wire ({@code POST /v1/responses}) as Jackson records, one per JSON object, no behaviour:
 * what our {@code /api/v1/responses} writes ({@code api/responses}). Only the output side is modelled (requests
 * are read field by field, so every problem names its field). Each object carries its {@code type} as its first
 * component, written as OpenAI writes it. Fields are written even when null (the official SDKs require most keys
 * of a {@code Response}, nullable or not), except where a record says {@code NON_NULL}. OpenRouter's additions:
 * {@code usage.cost}, {@code usage.cost_details}, {@code usage.is_byok} and the response's {@code provider}.
 */
package dev.switchboard.gateway.wire.openai.responses;
