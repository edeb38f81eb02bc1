package io.queryhound.agent.cli;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.internal.export.JsonLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code fingerprint [--dialect D] [--json] <sql>}: what QueryHound's output calls a statement, so
 * that someone holding a statement from a slow-query log or an ORM's debug output can find it in
 * QueryHound's records (by its id) and see how it was canonicalised.
 */
final class FingerprintCommand {

    static final String USAGE =
            "fingerprint [--dialect generic|postgresql|mysql|h2] [--json] <sql>|-";

    private FingerprintCommand() {
    }

    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        SqlDialect dialect = SqlDialect.GENERIC;
        boolean json = false;
        List<String> sqlParts = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (options && arg.equals("--")) {
                options = false;
            } else if (options && arg.equals("--json")) {
                json = true;
            } else if (options && (arg.equals("--dialect") || arg.startsWith("--dialect="))) {
                String value;
                if (arg.equals("--dialect")) {
                    if (i + 1 >= args.size()) {
                        err.println("queryhound fingerprint: --dialect needs a value: generic, postgresql, mysql or h2");
                        return Cli.USAGE_ERROR;
                    }
                    value = args.get(++i);
                } else {
                    value = arg.substring("--dialect=".length());
                }
                dialect = dialect(value);
                if (dialect == null) {
                    err.println("queryhound fingerprint: unknown --dialect '" + value
                            + "'; accepted: generic, postgresql, mysql, h2");
                    return Cli.USAGE_ERROR;
                }
            } else if (options && arg.startsWith("--")) {
                // Most likely a mistyped option; SQL that starts with a "--comment" can follow "--".
                err.println("queryhound fingerprint: unknown option '" + arg + "' (put -- before SQL that starts with --)");
                err.println("usage: java -jar queryhound-agent.jar " + USAGE);
                return Cli.USAGE_ERROR;
            } else {
                // The first SQL word ends option parsing: "select --json" is SQL with a comment.
                options = false;
                sqlParts.add(arg);
            }
        }

        String sql;
        if (sqlParts.size() == 1 && sqlParts.get(0).equals("-")) {
            try {
                sql = readAll(in);
            } catch (IOException e) {
                err.println("queryhound fingerprint: cannot read standard input: " + e.getMessage());
                return Cli.FAILURE;
            }
        } else {
            sql = String.join(" ", sqlParts);
        }
        if (sql.isBlank()) {
            err.println("queryhound fingerprint: no SQL given");
            err.println("usage: java -jar queryhound-agent.jar " + USAGE);
            return Cli.USAGE_ERROR;
        }

        SqlFingerprint fingerprint = SqlFingerprint.of(sql, dialect);
        if (json) {
            out.println(json(fingerprint));
        } else {
            printText(fingerprint, out);
        }
        return Cli.OK;
    }

    private static void printText(SqlFingerprint fingerprint, PrintStream out) {
        out.println("id        " + fingerprint.id());
        out.println("kind      " + fingerprint.kind());
        out.println("template  " + fingerprint.template());
        int[] lists = fingerprint.collapsedListLengths();
        if (lists.length == 1) {
            out.println("lists     " + lists[0] + " items collapsed to 1");
        } else if (lists.length > 1) {
            StringBuilder lengths = new StringBuilder();
            for (int i = 0; i < lists.length; i++) {
                if (i > 0) {
                    lengths.append(i == lists.length - 1 ? " and " : ", ");
                }
                lengths.append(lists[i]);
            }
            out.println("lists     " + lengths + " items collapsed to 1 each");
        }
    }

    /** The field names of the output format (docs/output.md), so that scripts join on them. */
    static String json(SqlFingerprint fingerprint) {
        int[] lists = fingerprint.collapsedListLengths();
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < lists.length; i++) {
            if (i > 0) {
                array.append(',');
            }
            array.append(lists[i]);
        }
        array.append(']');
        return new JsonLine()
                .field("fingerprint", fingerprint.id())
                .field("statementType", fingerprint.kind().name())
                .field("sql", fingerprint.template())
                .raw("collapsedListLengths", array.toString())
                .build();
    }

    private static SqlDialect dialect(String name) {
        try {
            return SqlDialect.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** Standard input in the platform encoding, the one the terminal and the arguments use. */
    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), Charset.defaultCharset());
    }
}
