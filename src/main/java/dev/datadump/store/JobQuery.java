package dev.datadump.store;

import dev.datadump.model.Job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A filtered, sorted and paged selection of jobs for the API's listing. The permission filter
 * (which customers the caller may see) is part of the SQL WHERE clause, so paging counts only
 * rows the caller may see. Only the fields of {@link Field} can be searched or sorted; every
 * value is bound as a parameter. Not thread-safe: build, run, discard.
 */
public final class JobQuery {

    /** The fields a caller may search and sort on, with the SQL expression behind each. */
    public enum Field {
        ID("j.id", Type.NUMBER),
        CUSTOMERID("j.customer_id", Type.NUMBER),
        LOGINNAME("c.loginname", Type.TEXT),
        DESTDIR("j.destdir", Type.TEXT),
        DUMP_DBS("j.dump_dbs", Type.NUMBER),
        DUMP_MAIL("j.dump_mail", Type.NUMBER),
        DUMP_WEB("j.dump_web", Type.NUMBER),
        STATUS("j.status", Type.TEXT),
        // Times are stored in epoch milliseconds and searched in Unix seconds, as the API shows them.
        CREATED("(j.created - j.created % 1000) / 1000", Type.NUMBER),
        STARTED("(j.started - j.started % 1000) / 1000", Type.NUMBER),
        FINISHED("(j.finished - j.finished % 1000) / 1000", Type.NUMBER);

        private final String expression;
        private final Type type;

        Field(String expression, Type type) {
            this.expression = expression;
            this.type = type;
        }

        /** Returns the name used in the API, such as {@code dump_dbs}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isNumeric() {
            return type == Type.NUMBER;
        }

        /** Returns the field with this API name; names are matched exactly, in lower case. */
        public static Optional<Field> byWireName(String name) {
            for (Field field : values()) {
                if (field.wireName().equals(name)) {
                    return Optional.of(field);
                }
            }
            return Optional.empty();
        }
    }

    /** Whether a field contains numbers or text: numbers are compared as numbers, text by LIKE or collation. */
    enum Type {
        NUMBER, TEXT
    }

    /** Search operators: {@code CONTAINS} is LIKE {@code %value%} on text fields. */
    public enum Operator {
        CONTAINS(null), LESS("<"), GREATER(">"), EQUAL("="), NOT_EQUAL("<>"), IN("IN");

        private final String sql;

        Operator(String sql) {
            this.sql = sql;
        }
    }

    /** A job with the customer fields the API shows beside it. */
    public record ListedJob(Job job, String loginName, int uid, int gid) {
    }

    private static final String FROM = " FROM jobs j JOIN customers c ON c.id = j.customer_id";

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();
    private final List<String> orderBy = new ArrayList<>();
    private final Dialect dialect;
    private long limit;
    private long offset;

    /** Starts a query over unfinished jobs (planned, running) or, with {@code withHistory}, all jobs. */
    public JobQuery(Dialect dialect, boolean withHistory) {
        this.dialect = dialect;
        if (!withHistory) {
            conditions.add("j.status IN ('planned', 'running')");
        }
    }

    /** Restricts the selection to the customers an admin owns. */
    public JobQuery ownedByAdmin(long adminId) {
        conditions.add("c.admin_id = ?");
        parameters.add(adminId);
        return this;
    }

    /** Restricts the selection to one customer's jobs. */
    public JobQuery ofCustomer(long customerId) {
        conditions.add("j.customer_id = ?");
        parameters.add(customerId);
        return this;
    }

    /**
     * Adds a search condition. Numeric fields take {@link Long} values and treat {@code CONTAINS}
     * as equality; text fields take strings. {@code IN} takes one or more values, the others one.
     */
    public JobQuery where(Field field, Operator operator, List<?> values) {
        if (values.isEmpty() || (operator != Operator.IN && values.size() != 1)) {
            throw new IllegalArgumentException("operator " + operator + " on " + field.wireName()
                    + " got " + values.size() + " values");
        }

        if (operator == Operator.IN) {
            String placeholders = String.join(", ", java.util.Collections.nCopies(values.size(), "?"));
            conditions.add(field.expression + " IN (" + placeholders + ")");
            parameters.addAll(values);
        } else if (operator == Operator.CONTAINS && !field.isNumeric()) {
            conditions.add(field.expression + " " + dialect.likeOperator() + " ? ESCAPE '!'");
            parameters.add("%" + escapeLike(String.valueOf(values.get(0))) + "%");
        } else {
            String sql = operator == Operator.CONTAINS ? "=" : operator.sql;
            conditions.add(field.expression + " " + sql + " ?");
            parameters.add(values.get(0));
        }
        return this;
    }

    /** Adds a sort key; rows are finally ordered by id, so pages are stable. */
    public JobQuery orderBy(Field field, boolean descending) {
        orderBy.add(field.expression + (descending ? " DESC" : " ASC"));
        return this;
    }

    /** Sets the page: at most {@code limit} rows (0 for no limit), after skipping {@code offset}. */
    public JobQuery page(long limit, long offset) {
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("limit and offset must not be negative");
        }
        this.limit = limit;
        this.offset = offset;
        return this;
    }

    /** Runs the query and returns the selected page of jobs. */
    public List<ListedJob> list(Store store) {
        StringBuilder sql = new StringBuilder("SELECT j.*, c.loginname AS c_loginname, c.uid AS c_uid, c.gid AS c_gid")
                .append(FROM).append(whereClause());
        List<String> sortKeys = new ArrayList<>(orderBy);
        sortKeys.add("j.id ASC");
        sql.append(" ORDER BY ").append(String.join(", ", sortKeys));

        List<Object> values = new ArrayList<>(parameters);
        if (limit > 0 || offset > 0) {
            sql.append(" LIMIT ? OFFSET ?");
            values.add(limit > 0 ? limit : Integer.MAX_VALUE);
            values.add(offset);
        }

        return store.withConnection(connection -> Jdbc.query(connection, sql.toString(),
                row -> new ListedJob(JobRepository.map(row), row.getString("c_loginname"), row.getInt("c_uid"),
                        row.getInt("c_gid")),
                values.toArray()));
    }

    /** Counts the selected jobs, ignoring the page. */
    public long count(Store store) {
        String sql = "SELECT COUNT(*)" + FROM + whereClause();
        return store.withConnection(connection -> Jdbc.queryOne(connection, sql, row -> row.getLong(1),
                parameters.toArray())).orElse(0L);
    }

    private String whereClause() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** Escapes LIKE wildcards with '!', the escape character named in the query, so they match literally. */
    static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
