package dev.datadump.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datadump.store.JobQuery;
import dev.datadump.store.JobQuery.Field;
import dev.datadump.store.JobQuery.Operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies the selection parameters of DataDump.listing and listingCount to a {@link JobQuery}:
 * {@code sql_search}, {@code sql_orderby}, and for listing {@code sql_limit}/{@code sql_offset}.
 * Unknown fields, operators and directions are rejected with a 400 that names them.
 */
final class ListingSelection {

    /** Maximum number of values of one {@code in} search. */
    static final int MAX_IN_VALUES = 1000;

    /**
     * Maximum length of one search value in characters. Longer than any stored field can match,
     * and short enough that an escaped LIKE pattern stays under SQLite's 50,000-byte limit.
     */
    static final int MAX_VALUE_LENGTH = 4096;

    private static final Map<String, Operator> OPERATORS = Map.of(
            "", Operator.CONTAINS, "<", Operator.LESS, ">", Operator.GREATER, "=", Operator.EQUAL,
            "<>", Operator.NOT_EQUAL, "in", Operator.IN);

    private ListingSelection() {
    }

    /** Adds the conditions of {@code sql_search}. */
    static void applySearch(JobQuery query, Params params) {
        JsonNode search = params.raw().get("sql_search");
        if (search == null || search.isNull()) {
            return;
        }
        if (!search.isObject()) {
            throw ApiException.badRequest("parameter 'sql_search' of " + params.command()
                    + " must be an object of field -> value");
        }

        for (Map.Entry<String, JsonNode> condition : search.properties()) {
            Field field = field(condition.getKey(), "sql_search");
            JsonNode value = condition.getValue();
            Operator operator = Operator.CONTAINS;
            if (value.isObject()) {
                operator = operator(field, value.get("op"));
                value = value.get("value");
                if (value == null || value.isNull()) {
                    throw ApiException.badRequest("missing 'value' in sql_search on '" + field.wireName()
                            + "': give {\"op\": OP, \"value\": V}");
                }
            }
            query.where(field, operator, values(params, field, operator, value));
        }
    }

    /** Adds the sort keys of {@code sql_orderby}, in the order given. */
    static void applyOrder(JobQuery query, Params params) {
        JsonNode order = params.raw().get("sql_orderby");
        if (order == null || order.isNull()) {
            return;
        }
        if (!order.isObject()) {
            throw ApiException.badRequest("parameter 'sql_orderby' of " + params.command()
                    + " must be an object of field -> ASC|DESC");
        }
        for (Map.Entry<String, JsonNode> key : order.properties()) {
            Field field = field(key.getKey(), "sql_orderby");
            String direction = key.getValue().isValueNode() ? key.getValue().asText().trim().toUpperCase(Locale.ROOT) : "";
            if (!direction.equals("ASC") && !direction.equals("DESC")) {
                throw ApiException.badRequest("invalid sort direction " + key.getValue() + " for '" + field.wireName()
                        + "' in sql_orderby: use ASC or DESC");
            }
            query.orderBy(field, direction.equals("DESC"));
        }
    }

    /**
     * Sets the page of {@code sql_limit} (0 or absent for all) and {@code sql_offset}.
     * Known limitation: without sql_limit, a listing with history returns every matching job in
     * one response, however many there are.
     */
    static void applyPage(JobQuery query, Params params) {
        long limit = params.optionalNumber("sql_limit").orElse(0L);
        long offset = params.optionalNumber("sql_offset").orElse(0L);
        if (limit < 0 || offset < 0) {
            throw ApiException.badRequest("sql_limit and sql_offset of " + params.command()
                    + " must not be negative");
        }
        query.page(limit, offset);
    }

    private static Field field(String name, String parameter) {
        return Field.byWireName(name).orElseThrow(() -> ApiException.badRequest("unknown field '" + name + "' in "
                + parameter + "; searchable and sortable fields are " + fieldNames()));
    }

    private static Operator operator(Field field, JsonNode op) {
        String name = op == null || op.isNull() ? "" : op.asText().trim().toLowerCase(Locale.ROOT);
        Operator operator = op != null && !op.isValueNode() ? null : OPERATORS.get(name);
        if (operator == null) {
            throw ApiException.badRequest("unknown operator " + op + " for '" + field.wireName()
                    + "' in sql_search: use <, >, =, <>, in, or leave it empty for 'contains'");
        }
        return operator;
    }

    private static List<Object> values(Params params, Field field, Operator operator, JsonNode value) {
        List<JsonNode> items = new ArrayList<>();
        if (operator == Operator.IN) {
            if (!value.isArray() || value.isEmpty() || value.size() > MAX_IN_VALUES) {
                throw ApiException.badRequest("sql_search 'in' on '" + field.wireName() + "' needs a list of 1 to "
                        + MAX_IN_VALUES + " values");
            }
            value.forEach(items::add);
        } else {
            items.add(value);
        }

        List<Object> values = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isValueNode() || item.isNull()) {
                throw ApiException.badRequest("invalid value " + item + " for '" + field.wireName()
                        + "' in sql_search: give a string or number");
            }
            if (item.asText().length() > MAX_VALUE_LENGTH) {
                throw ApiException.badRequest("search value for '" + field.wireName() + "' in sql_search is "
                        + item.asText().length() + " characters long, at most " + MAX_VALUE_LENGTH + " are allowed");
            }
            values.add(field.isNumeric() ? searchNumber(params, field, item) : item.asText());
        }
        return values;
    }

    private static long searchNumber(Params params, Field field, JsonNode item) {
        if (item.isBoolean()) {
            return item.booleanValue() ? 1 : 0;
        }
        try {
            return params.number(field.wireName(), item);
        } catch (ApiException e) {
            throw ApiException.badRequest("invalid value " + item + " for '" + field.wireName()
                    + "' in sql_search: the field is numeric, give an integer");
        }
    }

    private static List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        for (Field field : Field.values()) {
            names.add(field.wireName());
        }
        return names;
    }
}
