package io.queryhound.internal.suppress;

import io.queryhound.Finding;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.config.Settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The suppressions of one QueryHound instance: the rules of its {@code suppress} settings and {@code suppressions}
 * files, and {@code @QueryHoundSuppress} on the findings' frames. Immutable once built. A malformed rule or one
 * without a reason is reported once, naming where it was declared, and ignored; nothing here throws.
 */
public final class Suppressions {

    /** No rules; annotations still count. */
    public static final Suppressions ANNOTATIONS_ONLY = new Suppressions(List.of());

    private final List<SuppressionRule> rules;

    Suppressions(List<SuppressionRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules declared in {@code settings}: each {@code suppress[.label]} entry, then each line of each file. */
    public static Suppressions from(Settings settings) {
        List<SuppressionRule> rules = new ArrayList<>();
        for (Settings.Declared declared : settings.suppressions()) {
            SuppressionRule rule = parse(declared.value(), declared.key() + " (from " + declared.source() + ")",
                    declared.key() + "='" + declared.value() + "'");
            if (rule != null) {
                rules.add(rule);
            }
        }
        for (String file : settings.get(Settings.SUPPRESSIONS)) {
            readFile(file, rules);
        }
        return rules.isEmpty() ? ANNOTATIONS_ONLY : new Suppressions(rules);
    }

    /** A rule, or null after reporting once what is wrong with it; {@code shown} is how the message quotes it. */
    static SuppressionRule parse(String value, String declaredAt, String shown) {
        try {
            return SuppressionRule.parse(value, declaredAt);
        } catch (SuppressionRule.MissingReasonException e) {
            Diagnostics.warnOnce("suppress:" + declaredAt + "=" + value, "suppression " + shown + " in " + declaredAt
                    + " has no reason: every suppression says why the finding is acceptable, as in "
                    + SuppressionRule.SYNTAX + "; it is ignored");
        } catch (IllegalArgumentException e) {
            Diagnostics.warnOnce("suppress:" + declaredAt + "=" + value, "suppression " + shown + " in " + declaredAt
                    + " is not valid: " + e.getMessage() + "; expected " + SuppressionRule.SYNTAX + "; it is ignored");
        }
        return null;
    }

    /** One rule per line; blank lines and lines starting with {@code #} are skipped. */
    private static void readFile(String file, List<SuppressionRule> rules) {
        List<String> lines;
        Path path;
        try {
            path = Path.of(file);
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException | SecurityException e) {
            Diagnostics.warnOnce("suppressions-file:" + file, "suppressions file " + file + " (setting suppressions)"
                    + " cannot be read (" + e + "); its suppressions are ignored");
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "suppressions file " + path.toAbsolutePath().normalize() + " line " + (i + 1);
            SuppressionRule rule = parse(line, where, "'" + line + "'");
            if (rule != null) {
                rules.add(rule);
            }
        }
    }

    /** {@code findings} with each one a rule or an annotation covers marked suppressed; replaced in place. */
    public void apply(List<Finding> findings) {
        for (int i = 0; i < findings.size(); i++) {
            Finding finding = findings.get(i);
            Finding.Suppression suppression = find(finding);
            if (suppression != null) {
                findings.set(i, finding.withSuppression(suppression));
            }
        }
    }

    private Finding.Suppression find(Finding finding) {
        if (finding.suppressed()) {
            return null;
        }
        for (SuppressionRule rule : rules) {
            if (rule.matches(finding)) {
                return rule.suppression();
            }
        }
        try {
            return AnnotatedSuppressions.find(finding);
        } catch (Throwable e) {
            Diagnostics.internalError("@QueryHoundSuppress lookup", e);
            return null;
        }
    }

    /** The declared rules, for start-up lines and tests. */
    public List<SuppressionRule> rules() {
        return rules;
    }
}
