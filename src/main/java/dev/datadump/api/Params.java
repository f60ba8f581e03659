package dev.datadump.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of one call, read by the API's rules. Strings are trimmed. Flags are true
 * when their integer reading is non-zero. Numbers may be JSON numbers or numeric strings.
 * Messages name the parameter and the command.
 */
final class Params {

    /** A decimal number in a string; its integer part is what a flag reads. */
    private static final Pattern DECIMAL = Pattern.compile("([+-]?\\d+)(\\.\\d*)?");

    private final ObjectNode values;
    private final String command;

    Params(ObjectNode values, String command) {
        this.values = values;
        this.command = command;
    }

    String command() {
        return command;
    }

    ObjectNode raw() {
        return values;
    }

    /** Returns true when the parameter is present and not null. */
    boolean has(String name) {
        JsonNode value = values.get(name);
        return value != null && !value.isNull();
    }

    /**
     * Returns the trimmed string value.
     *
     * @throws ApiException 404 when missing, 406 when empty after trimming, 400 when not a string or integer
     */
    String requiredString(String name) {
        if (!has(name)) {
            throw ApiException.notFound("parameter '" + name + "' is required for " + command);
        }
        String value = text(name, values.get(name));
        if (value.isEmpty()) {
            throw new ApiException(406, "parameter '" + name + "' of " + command + " must not be empty");
        }
        return value;
    }

    /** Returns the trimmed string value, or empty when the parameter is absent, null or blank. */
    Optional<String> optionalString(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        String value = text(name, values.get(name));
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /**
     * Returns the integer value of a required parameter.
     *
     * @throws ApiException 404 when missing, 406 when empty, 400 when not an integer
     */
    long requiredNumber(String name) {
        if (!has(name)) {
            throw ApiException.notFound("parameter '" + name + "' is required for " + command);
        }
        JsonNode value = values.get(name);
        if (value.isTextual() && value.asText().isBlank()) {
            throw new ApiException(406, "parameter '" + name + "' of " + command + " must not be empty");
        }
        return number(name, value);
    }

    /** Returns the integer value, or empty when the parameter is absent, null or blank. */
    Optional<Long> optionalNumber(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = values.get(name);
        if (value.isTextual() && value.asText().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(number(name, value));
    }

    /**
     * Returns a flag: true when the value's integer reading is non-zero ({@code 1}, {@code "1"},
     * {@code 2}, {@code true}); false for {@code 0}, {@code "0"}, {@code ""}, {@code false}, an
     * absent value and strings that are not numbers, such as {@code "yes"}.
     */
    boolean flag(String name) {
        return has(name) && integerReading(name, values.get(name)) != 0;
    }

    /** Reads a JSON value as an integer the way the flags are read; exposed for search values. */
    long integerReading(String name, JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue() ? 1 : 0;
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? value.longValue() : value.bigIntegerValue().signum();
        }
        if (value.isNumber()) {
            return (long) value.doubleValue();
        }
        if (value.isTextual()) {
            Matcher number = DECIMAL.matcher(value.asText().trim());
            if (!number.matches()) {
                return 0;
            }
            String integerPart = number.group(1);
            return integerPart.length() > 18 ? new BigInteger(integerPart).signum() : Long.parseLong(integerPart);
        }
        throw ApiException.badRequest("parameter '" + name + "' of " + command + " must be 0 or 1");
    }

    private String text(String name, JsonNode value) {
        // Only integers read the same as their JSON text; 1e308 or true would be rewritten.
        if (value.isTextual() || value.isIntegralNumber()) {
            return value.asText().trim();
        }
        throw ApiException.badRequest("parameter '" + name + "' of " + command + " must be a string");
    }

    /** Reads an integer from a JSON number or numeric string; 400 naming the parameter otherwise. */
    long number(String name, JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                // Reported below with the value.
            }
        }
        throw ApiException.badRequest("parameter '" + name + "' of " + command + " must be an integer, got "
                + value);
    }
}
