package io.queryhound.internal.plan;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link IndexCatalog} over {@link DatabaseMetaData#getIndexInfo} and {@link DatabaseMetaData#getColumns}.
 * A name is looked up as given, then in the case the database stores unquoted names in (H2 upper,
 * PostgreSQL lower), so that both a plan's name and a statement's name are found. Metadata errors mean
 * "unknown", never a failure.
 */
final class JdbcIndexCatalog implements IndexCatalog {

    private final Connection connection;

    JdbcIndexCatalog(Connection connection) {
        this.connection = connection;
    }

    @Override
    public List<ExistingIndex> indexes(String schema, String table) {
        try {
            DatabaseMetaData metaData = connection.getMetaData();
            for (String name : spellings(metaData, table)) {
                Map<String, TreeMap<Integer, String>> indexes = new LinkedHashMap<>();
                try (ResultSet rows = metaData.getIndexInfo(null, spelling(metaData, schema), name, false, true)) {
                    while (rows.next()) {
                        String index = rows.getString("INDEX_NAME");
                        String column = rows.getString("COLUMN_NAME");
                        if (index == null || column == null
                                || rows.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic
                                || rows.getString("FILTER_CONDITION") != null) {
                            continue;
                        }
                        indexes.computeIfAbsent(index, k -> new TreeMap<>()).put((int) rows.getShort("ORDINAL_POSITION"), column);
                    }
                }
                if (!indexes.isEmpty()) {
                    List<ExistingIndex> found = new ArrayList<>(indexes.size());
                    indexes.forEach((index, columns) -> found.add(new ExistingIndex(index, new ArrayList<>(columns.values()))));
                    return found;
                }
            }
        } catch (SQLException | RuntimeException e) {
            // unknown: every suggestion stands
        }
        return List.of();
    }

    @Override
    public Set<String> columns(String schema, String table) {
        try {
            DatabaseMetaData metaData = connection.getMetaData();
            for (String name : spellings(metaData, table)) {
                Set<String> columns = new LinkedHashSet<>();
                try (ResultSet rows = metaData.getColumns(null, spelling(metaData, schema), name, null)) {
                    while (rows.next()) {
                        columns.add(rows.getString("COLUMN_NAME"));
                    }
                }
                if (!columns.isEmpty()) {
                    return columns;
                }
            }
        } catch (SQLException | RuntimeException e) {
            // unknown
        }
        return null;
    }

    private static List<String> spellings(DatabaseMetaData metaData, String name) throws SQLException {
        List<String> names = new ArrayList<>(2);
        names.add(name);
        String stored = spelling(metaData, name);
        if (!stored.equals(name)) {
            names.add(stored);
        }
        return names;
    }

    private static String spelling(DatabaseMetaData metaData, String name) throws SQLException {
        if (name == null) {
            return null;
        }
        if (metaData.storesUpperCaseIdentifiers()) {
            return name.toUpperCase(Locale.ROOT);
        }
        if (metaData.storesLowerCaseIdentifiers()) {
            return name.toLowerCase(Locale.ROOT);
        }
        return name;
    }
}
