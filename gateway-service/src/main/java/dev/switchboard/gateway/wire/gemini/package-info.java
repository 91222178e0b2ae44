/**
 * The Gemini API's ({@code generativelanguage.googleapis.com/v1beta}) JSON objects as Jackson records, one per
 * object, no behaviour. Gemini's JSON is camelCase, as are the record components. Fields are null when absent;
 * unknown fields (safety ratings, citations, …) are ignored when reading.
 */
package dev.switchboard.gateway.wire.gemini;
