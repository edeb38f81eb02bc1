package io.queryhound.internal.plan;

import java.sql.Connection;
import java.util.List;
import java.util.Set;

/**
 * The indexes and columns a database already has, as {@link IndexAdvisor} needs them: to skip a
 * suggestion an existing index already serves, and to tell which table an unqualified column of a join
 * belongs to. {@link #of(Connection)} reads them from JDBC metadata; {@link #NONE} knows nothing (every
 * suggestion is then made, and unqualified columns of joins are not attributed).
 */
public interface IndexCatalog {

    /** Knows no index and no column. */
    IndexCatalog NONE = new IndexCatalog() {
        @Override
        public List<ExistingIndex> indexes(String schema, String table) {
            return List.of();
        }

        @Override
        public Set<String> columns(String schema, String table) {
            return null;
        }
    };

    /** An index: its name and its key columns in order (an expression as the database prints it). */
    record ExistingIndex(String name, List<String> columns) {
        public ExistingIndex {
            columns = List.copyOf(columns);
        }
    }

    /**
     * The table's indexes usable for any row (partial indexes are left out); empty when there are none
     * or they cannot be read. {@code schema} may be {@code null}.
     */
    List<ExistingIndex> indexes(String schema, String table);

    /** The table's column names, or {@code null} when unknown. */
    Set<String> columns(String schema, String table);

    /** The catalogue of {@code connection}'s database, read through {@code DatabaseMetaData}. */
    static IndexCatalog of(Connection connection) {
        return new JdbcIndexCatalog(connection);
    }
}
