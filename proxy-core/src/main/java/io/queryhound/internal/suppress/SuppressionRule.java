package io.queryhound.internal.suppress;

import io.queryhound.CallSite;
import io.queryhound.Finding;
import io.queryhound.FindingType;

import java.util.Locale;
import java.util.Objects;

/**
 * One declared suppression: a finding type, narrowed to one statement (fingerprint id) or to call sites (a
 * pattern), with the reason it is acceptable and where it was declared. Written in settings and suppression files
 * as {@code N_PLUS_ONE:5f0c2a9e1b7d4c33 -- reason} or {@code N_PLUS_ONE@com.acme.report.* -- reason}.
 *
 * <p>A pattern is matched against the call site as {@code class.method} (and {@code class} alone), with
 * {@code *} standing for any run of characters, dots included: {@code com.acme.report.*} covers every method of
 * every class under that package, {@code com.acme.ReportService.regionTotals} one method. Only the call site, not
 * its callers: a pattern is meant to be precise; {@code @QueryHoundSuppress} covers everything a method calls.
 */
public final class SuppressionRule {

    /** What a suppression looks like, for messages. */
    public static final String SYNTAX = "TYPE:<16-hex fingerprint id> -- <reason> or TYPE@<call-site pattern> -- <reason>,"
            + " such as N_PLUS_ONE@com.acme.report.* -- at most 12 regions, one query each";

    private final FindingType type;
    /** The fingerprint id (16 lower-case hex digits), or null for a pattern rule. */
    private final String fingerprint;
    /** The call-site pattern, or null for a fingerprint rule; null with a null fingerprint matches every site. */
    private final String pattern;
    private final Finding.Suppression suppression;

    SuppressionRule(FindingType type, String fingerprint, String pattern, String reason, String declaredAt) {
        this.type = Objects.requireNonNull(type, "type");
        this.fingerprint = fingerprint;
        this.pattern = pattern;
        this.suppression = new Finding.Suppression(reason, declaredAt);
    }

    /** A rule for tests' {@code allowing}: {@code match} is null (every finding of the type), a fingerprint id or a pattern. */
    public static SuppressionRule of(FindingType type, String match, String reason, String declaredAt) {
        if (match == null) {
            return new SuppressionRule(type, null, null, reason, declaredAt);
        }
        String trimmed = match.trim();
        if (isFingerprintId(trimmed)) {
            return new SuppressionRule(type, trimmed.toLowerCase(Locale.ROOT), null, reason, declaredAt);
        }
        String problem = patternProblem(trimmed);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new SuppressionRule(type, null, trimmed, reason, declaredAt);
    }

    /**
     * Parses {@code TYPE:<id> -- reason} or {@code TYPE@<pattern> -- reason}.
     *
     * @throws IllegalArgumentException with a message saying what is wrong (the caller adds where it was declared)
     */
    static SuppressionRule parse(String value, String declaredAt) {
        String text = value == null ? "" : value.trim();
        int dashes = text.indexOf("--");
        String reason = dashes < 0 ? "" : text.substring(dashes + 2).trim();
        String match = (dashes < 0 ? text : text.substring(0, dashes)).trim();
        int colon = match.indexOf(':');
        int at = match.indexOf('@');
        int split = colon < 0 ? at : at < 0 ? colon : Math.min(colon, at);
        if (split <= 0) {
            throw new IllegalArgumentException("it names no finding type and fingerprint or call-site pattern");
        }
        String typeName = match.substring(0, split).trim();
        FindingType type = typeOf(typeName);
        if (type == null) {
            throw new IllegalArgumentException("'" + typeName + "' is not a finding type (one of " + typeNames() + ")");
        }
        String rest = match.substring(split + 1).trim();
        String fingerprint = null;
        String pattern = null;
        if (split == colon) {
            if (!isFingerprintId(rest)) {
                throw new IllegalArgumentException("'" + rest + "' is not a fingerprint id (16 hex digits, as in the"
                        + " \"fingerprint\" field of a finding)");
            }
            fingerprint = rest.toLowerCase(Locale.ROOT);
        } else {
            String problem = patternProblem(rest);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            pattern = rest;
        }
        if (reason.isEmpty()) {
            throw new MissingReasonException();
        }
        return new SuppressionRule(type, fingerprint, pattern, reason, declaredAt);
    }

    /** Thrown by {@link #parse} for a suppression without a reason, which gets a message of its own. */
    static final class MissingReasonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MissingReasonException() {
            super("it has no reason");
        }
    }

    static FindingType typeOf(String name) {
        for (FindingType type : FindingType.values()) {
            if (type.name().equalsIgnoreCase(name)) {
                return type;
            }
        }
        return null;
    }

    static String typeNames() {
        StringBuilder names = new StringBuilder();
        for (FindingType type : FindingType.values()) {
            names.append(names.length() == 0 ? "" : ", ").append(type.name());
        }
        return names.toString();
    }

    static boolean isFingerprintId(String text) {
        if (text.length() != 16) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Null when {@code pattern} is a usable call-site pattern, else what is wrong with it. */
    static String patternProblem(String pattern) {
        if (pattern.isEmpty()) {
            return "the call-site pattern is empty";
        }
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (!(Character.isJavaIdentifierPart(c) || c == '.' || c == '*' || c == '<' || c == '>')) {
                return "'" + pattern + "' is not a call-site pattern (class and method names, dots and *, as in"
                        + " com.acme.report.* or com.acme.ReportService.regionTotals)";
            }
        }
        return null;
    }

    public Finding.Suppression suppression() {
        return suppression;
    }

    /** Whether this rule covers {@code finding}. */
    public boolean matches(Finding finding) {
        if (finding.type() != type) {
            return false;
        }
        if (fingerprint != null) {
            return finding.fingerprint() != null && finding.fingerprint().id().equals(fingerprint);
        }
        if (pattern == null) {
            return true;
        }
        CallSite site = finding.callSite();
        if (site == null) {
            return false;
        }
        return glob(pattern, site.className())
                || glob(pattern, site.className() + '.' + site.methodName());
    }

    /** {@code *} matches any run of characters; everything else matches itself. No recursion, no regex. */
    static boolean glob(String pattern, String text) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(text);
        }
        if (!text.startsWith(pattern.substring(0, star))) {
            return false;
        }
        int position = star;
        int from = star + 1;
        while (true) {
            int next = pattern.indexOf('*', from);
            String piece = next < 0 ? pattern.substring(from) : pattern.substring(from, next);
            if (next < 0) {
                return text.length() - piece.length() >= position && text.endsWith(piece);
            }
            int found = text.indexOf(piece, position);
            if (found < 0) {
                return false;
            }
            position = found + piece.length();
            from = next + 1;
        }
    }

    @Override
    public String toString() {
        return type + (fingerprint != null ? ":" + fingerprint : pattern != null ? "@" + pattern : "")
                + " -- " + suppression.reason() + " (" + suppression.declaredAt() + ")";
    }
}
