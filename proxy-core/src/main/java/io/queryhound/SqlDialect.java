package io.queryhound;

import java.util.Locale;

/**
 * The lexical rules of one family of databases: which quotes delimit strings and which delimit
 * identifiers, whether backslash escapes exist, and which comment forms are understood.
 */
public enum SqlDialect {
    /** Double quotes are identifiers, no backslash escapes; dollar quotes and {@code E''} understood. */
    GENERIC,
    /** PostgreSQL: as {@link #GENERIC}; {@code E''} strings take backslash escapes; block comments nest. */
    POSTGRESQL,
    /** MySQL and MariaDB: backslash escapes, {@code #} comments, double-quoted strings (no ANSI_QUOTES). */
    MYSQL,
    /** H2: as {@link #GENERIC}. */
    H2;

    /**
     * The dialect for a JDBC {@code DatabaseMetaData.getDatabaseProductName()}; {@link #GENERIC} when
     * the name is null or unknown.
     */
    public static SqlDialect fromProductName(String databaseProductName) {
        if (databaseProductName == null) {
            return GENERIC;
        }
        String name = databaseProductName.toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return MYSQL;
        }
        if (name.equals("h2")) {
            return H2;
        }
        return GENERIC;
    }
}
