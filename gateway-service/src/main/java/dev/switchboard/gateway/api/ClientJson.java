package dev.switchboard.gateway.api;

import dev.switchboard.gateway.errors.ApiException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a request body with {@link ApiJson#MAPPER}, and is the one place that says what is wrong with a body that
 * is not JSON, in the client's terms: where ({@code at line 1, column 17}) and what ({@code unexpected character 'x'}),
 * never the parser's own text, which names its classes and features ({@code DeserializationFeature…},
 * {@code StreamReadConstraints.getMaxStringLength()}, {@code Source: REDACTED}). Every inbound format parses here.
 */
public final class ClientJson {

    private static final Pattern UNEXPECTED_CHARACTER = Pattern.compile("^Unexpected character \\('.+' \\(code (\\d+)\\)\\)");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("^(?:Unrecognized|Non-standard) token '([^']*)'");
    private static final Pattern CLOSE_MARKER = Pattern.compile("^Unexpected close marker '(.)'");
    private static final Pattern CONTROL_CHARACTER = Pattern.compile("^Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)");
    private static final Pattern PRINTABLE_WORD = Pattern.compile("[\\x21-\\x7E]{1,40}");

    private ClientJson() {
    }

    /**
     * The JSON value of a body, or null when there is none (empty, or only whitespace).
     *
     * @throws ApiException 400 on "body" when it is not one JSON value, saying what is wrong and where
     */
    public static JsonNode parse(byte[] body) {
        try (JsonParser parser = ApiJson.MAPPER.createParser(body)) {
            JsonNode value = ApiJson.MAPPER.readTree(parser);
            if (value == null || value.isMissingNode()) {
                return null;
            }
            if (trailing(parser)) {
                throw ApiException.badRequest("body", "has content after the JSON value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", problem(e, ApiJson.MAPPER.getFactory().streamReadConstraints()));
        } catch (IOException e) {
            throw ApiException.badRequest("body", "cannot be read");
        }
    }

    /** Whether anything but whitespace follows the value; garbage counts, even when it is no JSON token at all. */
    private static boolean trailing(JsonParser parser) {
        try {
            return parser.nextToken() != null;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * What is wrong with a body the parser refused, as the part of the message after {@code "body: "}: e.g.
     * {@code is not valid JSON at line 1, column 17: unexpected character 'x'; expected a field name in double quotes}
     * or {@code nests deeper than 1000 levels}.
     */
    static String problem(JsonProcessingException e, StreamReadConstraints limits) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            return limit(original, limits);
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "is not valid JSON" + where + ": " + syntax(e, original);
    }

    private static String limit(String original, StreamReadConstraints limits) {
        if (original.contains("getMaxNestingDepth")) {
            return "nests deeper than " + limits.getMaxNestingDepth() + " levels";
        }
        if (original.contains("getMaxStringLength")) {
            return "a string is longer than " + limits.getMaxStringLength() + " characters";
        }
        if (original.contains("getMaxNumberLength")) {
            return "a number has more than " + limits.getMaxNumberLength() + " digits";
        }
        if (original.contains("getMaxNameLength")) {
            return "a field name is longer than " + limits.getMaxNameLength() + " characters";
        }
        if (original.contains("getMaxDocumentLength")) {
            return "is longer than " + limits.getMaxDocumentLength() + " characters";
        }
        return "is too large to read";
    }

    private static String syntax(JsonProcessingException e, String original) {
        if (e instanceof JsonEOFException || original.startsWith("Unexpected end-of-input")) {
            return "unexpected end of input";
        }
        Matcher m = UNEXPECTED_CHARACTER.matcher(original);
        if (m.find()) {
            return "unexpected character " + character(Integer.parseInt(m.group(1))) + expectation(original);
        }
        m = CLOSE_MARKER.matcher(original);
        if (m.find()) {
            return "unexpected character '" + m.group(1) + "'";
        }
        m = UNRECOGNIZED_TOKEN.matcher(original);
        if (m.find()) {
            String word = m.group(1);
            return (PRINTABLE_WORD.matcher(word).matches() ? "unexpected word '" + word + "'"
                    : word.length() == 1 ? "unexpected character " + character(word.charAt(0)) : "unexpected text")
                    + "; expected a value";
        }
        m = CONTROL_CHARACTER.matcher(original);
        if (m.find()) {
            return "a control character (" + codePoint(Integer.parseInt(m.group(1))) + ") must be escaped in a string";
        }
        if (original.startsWith("Invalid UTF-8") || original.startsWith("Invalid UTF-32")) {
            return "invalid UTF-8";
        }
        if (original.startsWith("Invalid numeric value") || original.startsWith("Invalid number")) {
            return "invalid number";
        }
        if (original.startsWith("Unrecognized character escape") || original.contains("escape sequence")) {
            return "invalid escape sequence in a string";
        }
        return "malformed JSON";
    }

    /** What the parser expected instead, for the cases worth a hint. */
    private static String expectation(String original) {
        if (original.contains("double-quote to start field name")) {
            return "; expected a field name in double quotes";
        }
        if (original.contains("colon to separate field name and value")) {
            return "; expected ':' after a field name";
        }
        if (original.contains("comma to separate Object entries")) {
            return "; expected ',' or '}'";
        }
        if (original.contains("comma to separate Array entries")) {
            return "; expected ',' or ']'";
        }
        if (original.contains("comment")) {
            return "; comments are not allowed";
        }
        if (original.contains("expected a valid value") || original.contains("expected a value")) {
            return "; expected a value";
        }
        return "";
    }

    /** A printable ASCII character quoted; anything else by its code point, so the message never carries it raw. */
    private static String character(int code) {
        return code >= 0x21 && code <= 0x7E ? "'" + (char) code + "'" : codePoint(code);
    }

    private static String codePoint(int code) {
        return String.format("U+%04X", code);
    }
}
