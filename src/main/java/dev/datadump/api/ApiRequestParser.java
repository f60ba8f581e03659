package dev.datadump.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the two request forms into an {@link ApiCall}:
 * {@code POST /api.php} with {@code {"command": "Module.method", "params": {...}}}, and
 * {@code POST /api.php?/module/method} with the params object alone as the body.
 */
final class ApiRequestParser {

    private static final Pattern COMMAND = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)\\.([A-Za-z][A-Za-z0-9_]*)");
    private static final Pattern REST_PATH = Pattern.compile("/([A-Za-z][A-Za-z0-9_]*)/([A-Za-z][A-Za-z0-9_]*)/?");

    private final ObjectMapper json;

    ApiRequestParser(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Parses a request body and the raw query string (null when absent).
     *
     * @throws ApiException 400 for an empty body, invalid JSON, a missing or malformed command
     */
    ApiCall parse(byte[] body, String rawQuery) {
        JsonNode document = parseBody(body);

        if (rawQuery != null && !rawQuery.isEmpty()) {
            Matcher path = REST_PATH.matcher(rawQuery);
            if (!path.matches()) {
                throw ApiException.badRequest("invalid query string '" + rawQuery
                        + "': use /api.php?/module/method, such as /api.php?/datadump/add, or no query string");
            }
            if (!document.isObject()) {
                throw ApiException.badRequest("the request body must be a JSON object of parameters");
            }
            String command = path.group(1) + "." + path.group(2);
            return call(path.group(1), path.group(2), command, (ObjectNode) document);
        }

        if (!document.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object such as "
                    + "{\"command\": \"DataDump.listing\", \"params\": {}}");
        }
        JsonNode commandNode = document.get("command");
        if (commandNode == null || commandNode.isNull()) {
            throw ApiException.badRequest("the request has no 'command'; send {\"command\": \"Module.method\", ...}");
        }
        if (!commandNode.isTextual()) {
            throw ApiException.badRequest("'command' must be a string of the form Module.method");
        }
        String command = commandNode.asText().trim();
        Matcher matcher = COMMAND.matcher(command);
        if (!matcher.matches()) {
            throw ApiException.badRequest("invalid command '" + command + "': use the form Module.method, "
                    + "such as DataDump.listing");
        }

        JsonNode params = document.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw ApiException.badRequest("'params' of " + command + " must be a JSON object");
        }
        ObjectNode paramsObject = params == null || params.isNull() ? json.createObjectNode() : (ObjectNode) params;
        return call(matcher.group(1), matcher.group(2), command, paramsObject);
    }

    private JsonNode parseBody(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw ApiException.badRequest("the request body is empty; send a JSON object");
        }
        try {
            JsonNode document = json.readTree(text);
            if (document == null || document.isMissingNode()) {
                throw ApiException.badRequest("the request body is empty; send a JSON object");
            }
            return document;
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ApiException.badRequest("the request body is not valid JSON" + at + ": " + parserReason(e));
        }
    }

    /** Returns the parser's reason without the source excerpts and setting names that some reasons carry. */
    private static String parserReason(JsonProcessingException e) {
        String reason = String.valueOf(e.getOriginalMessage());
        int newline = reason.indexOf('\n');
        if (newline >= 0) {
            reason = reason.substring(0, newline);
        }
        int marker = reason.indexOf(" (start marker at");
        if (marker >= 0) {
            return reason.substring(0, marker);
        }
        int setting = reason.indexOf(", from `");
        if (setting < 0) {
            setting = reason.indexOf(" (from `");
        }
        return setting >= 0 ? reason.substring(0, setting) + ")" : reason;
    }

    private static ApiCall call(String module, String method, String command, ObjectNode params) {
        return new ApiCall(module.toLowerCase(Locale.ROOT), method.toLowerCase(Locale.ROOT), command, params);
    }
}
