package io.queryhound.it;

import io.queryhound.SqlFingerprint;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.fail;

/** The statements H2 counted in a run ({@code H2_COUNT} lines), found by the shape of their SQL. */
final class H2Statements {

    /** One statement as H2 counted it, with the fingerprint QueryHound gives its SQL. */
    record Counted(String sql, long executions, String fingerprint, String template) {
    }

    private H2Statements() {
    }

    /** The one statement whose SQL matches {@code sql} (the whole text, case-insensitively). */
    static Counted find(ChildRun run, String description, Pattern sql) {
        List<Counted> matches = run.stdoutLines("H2_COUNT").stream()
                .map(line -> {
                    int space = line.indexOf(' ');
                    String text = line.substring(space + 1);
                    SqlFingerprint fingerprint = SqlFingerprint.of(text);
                    return new Counted(text, Long.parseLong(line.substring(0, space)), fingerprint.id(),
                            fingerprint.template());
                })
                .filter(counted -> sql.matcher(counted.sql()).matches())
                .toList();
        if (matches.size() != 1) {
            fail("Expecting exactly one statement in H2's statistics for %s (%s), but found %d: %s%n%s", description,
                    sql, matches.size(), matches, run.describe());
        }
        return matches.get(0);
    }

    static Pattern exactly(String sql) {
        return Pattern.compile(Pattern.quote(sql));
    }
}
