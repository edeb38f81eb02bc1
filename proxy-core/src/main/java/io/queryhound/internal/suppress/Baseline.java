package io.queryhound.internal.suppress;

import io.queryhound.CallSite;
import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.export.JsonLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The findings known when the baseline file was written, so that only new ones fail tests and warn logs. A finding
 * is identified by its type, statement fingerprint id and call site as {@code class.method}: without the line
 * number, which moves whenever lines are added above it, and without a lambda's number ({@code lambda$load$2} is
 * kept as {@code lambda$load}), which moves when another lambda is added. A slow connection is identified by its
 * DataSource instead.
 *
 * <p>The file is JSON, one entry per line, sorted, with no counts, timings or timestamps, so it changes only
 * when the findings do and reads well in a code review:
 *
 * <pre>
 * {
 *   "queryhound": "baseline",
 *   "schema": 1,
 *   "findings": [
 *     {"type":"N_PLUS_ONE","fingerprint":"5f0c2a9e1b7d4c33","callSite":"com.acme.OrderService.recentOrders","sql":"select ..."}
 *   ]
 * }
 * </pre>
 *
 * {@code sql} is there for the reader; it plays no part in matching.
 */
public final class Baseline {

    public static final int SCHEMA = 1;
    /** The {@code baseline} setting's "no baseline". */
    public static final String NONE_SETTING = "none";
    public static final Baseline NONE = new Baseline(new TreeMap<>());

    /**
     * One known finding.
     *
     * @param type        the finding type
     * @param fingerprint the statement's 16-hex id, or null for types that concern no one statement
     * @param callSite    {@code class.method} of the call site (see {@link #callSiteOf(CallSite)}), or null
     * @param dataSource  for {@link FindingType#SLOW_CONNECTION} only: the DataSource; otherwise null
     */
    public record Entry(FindingType type, String fingerprint, String callSite, String dataSource)
            implements Comparable<Entry> {

        private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());
        private static final Comparator<Entry> ORDER = Comparator.comparing((Entry e) -> e.type.name())
                .thenComparing(Entry::callSite, TEXT)
                .thenComparing(Entry::fingerprint, TEXT)
                .thenComparing(Entry::dataSource, TEXT);

        public Entry {
            Objects.requireNonNull(type, "type");
            dataSource = type == FindingType.SLOW_CONNECTION ? dataSource : null;
        }

        public static Entry of(Finding finding) {
            return new Entry(finding.type(), finding.fingerprint() == null ? null : finding.fingerprint().id(),
                    callSiteOf(finding.callSite()), finding.dataSource());
        }

        /**
         * An entry from the fields of a {@code finding} or {@code findingSummary} record as written:
         * {@code callSite} as printed there ({@code com.acme.OrderService.recentOrders(OrderService.java:42)}).
         *
         * @throws IllegalArgumentException for an unknown type
         */
        public static Entry of(String type, String fingerprint, String writtenCallSite, String dataSource) {
            FindingType findingType = SuppressionRule.typeOf(type);
            if (findingType == null) {
                throw new IllegalArgumentException("'" + type + "' is not a finding type");
            }
            return new Entry(findingType, fingerprint, callSiteOf(writtenCallSite), dataSource);
        }

        @Override
        public int compareTo(Entry other) {
            return ORDER.compare(this, other);
        }

        /** {@code N_PLUS_ONE 5f0c2a9e1b7d4c33 at com.acme.OrderService.recentOrders}, for the command line. */
        public String describe() {
            StringBuilder text = new StringBuilder(type.name());
            if (fingerprint != null) {
                text.append(' ').append(fingerprint);
            }
            if (callSite != null) {
                text.append(" at ").append(callSite);
            }
            if (dataSource != null) {
                text.append(" from ").append(dataSource);
            }
            return text.toString();
        }
    }

    private final TreeMap<Entry, String> entries;

    private Baseline(TreeMap<Entry, String> entries) {
        this.entries = entries;
    }

    /** A baseline of {@code entries}, each with its SQL template (or null) for the reader of the file. */
    public static Baseline of(Map<Entry, String> entries) {
        return new Baseline(new TreeMap<>(entries));
    }

    /** {@code class.method} with a lambda's number dropped; null for null. */
    public static String callSiteOf(CallSite site) {
        return site == null ? null : site.className() + "." + stableMethod(site.methodName());
    }

    /** {@link #callSiteOf(CallSite)} of a call site as written in a record; null for null. */
    static String callSiteOf(String written) {
        if (written == null) {
            return null;
        }
        int paren = written.indexOf('(');
        String name = paren < 0 ? written : written.substring(0, paren);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot + 1) + stableMethod(name.substring(dot + 1));
    }

    /** {@code lambda$load$2} becomes {@code lambda$load}: the number moves when another lambda is added. */
    static String stableMethod(String method) {
        if (method.startsWith("lambda$")) {
            int last = method.lastIndexOf('$');
            if (last > "lambda$".length()) {
                return method.substring(0, last);
            }
        }
        return method;
    }

    /**
     * The baseline the {@code baseline} setting names: none for {@code none}; a file that cannot be read or is
     * malformed is reported once (its path and what is wrong) and ignored. Never throws.
     */
    public static Baseline fromSetting(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase(NONE_SETTING)) {
            return NONE;
        }
        return read(value.trim(), "setting baseline");
    }

    /** The baseline in {@code file}, or {@link #NONE} after reporting once why it cannot be used ({@code usedBy} says who asked). */
    public static Baseline read(String file, String usedBy) {
        Path path;
        try {
            path = Path.of(file).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            Diagnostics.warnOnce("baseline:" + file, "baseline file '" + file + "' (" + usedBy + ") is not a valid path;"
                    + " the baseline is ignored and every finding counts as new");
            return NONE;
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            Diagnostics.warnOnce("baseline:" + path, "baseline file " + path + " (" + usedBy + ") cannot be read (" + e
                    + "); the baseline is ignored and every finding counts as new");
            return NONE;
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            Diagnostics.warnOnce("baseline:" + path, "baseline file " + path + " (" + usedBy + ") is malformed: "
                    + e.getMessage() + "; the baseline is ignored and every finding counts as new. Write it again with"
                    + " java -jar queryhound-agent.jar baseline write <output.jsonl> > " + path.getFileName());
            return NONE;
        }
    }

    /**
     * Reads a baseline file's text.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Baseline parse(String text) {
        Object root = BaselineJson.parse(text);
        if (!(root instanceof Map<?, ?> object)) {
            throw new IllegalArgumentException("the file is not a JSON object");
        }
        if (!"baseline".equals(object.get("queryhound"))) {
            throw new IllegalArgumentException("\"queryhound\": \"baseline\" is missing: not a QueryHound baseline");
        }
        if (!(object.get("schema") instanceof Number schema) || schema.doubleValue() != SCHEMA) {
            throw new IllegalArgumentException("\"schema\" is " + object.get("schema") + ", expected " + SCHEMA);
        }
        if (!(object.get("findings") instanceof List<?> findings)) {
            throw new IllegalArgumentException("\"findings\" is missing or not an array");
        }
        TreeMap<Entry, String> entries = new TreeMap<>();
        for (int i = 0; i < findings.size(); i++) {
            if (!(findings.get(i) instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException("findings[" + i + "] is not an object");
            }
            String type = text(entry, "type", i, false);
            FindingType findingType = SuppressionRule.typeOf(type);
            if (findingType == null) {
                throw new IllegalArgumentException("findings[" + i + "].type '" + type + "' is not a finding type (one of "
                        + SuppressionRule.typeNames() + ")");
            }
            String fingerprint = text(entry, "fingerprint", i, true);
            if (fingerprint != null && !SuppressionRule.isFingerprintId(fingerprint)) {
                throw new IllegalArgumentException("findings[" + i + "].fingerprint '" + fingerprint
                        + "' is not a 16-hex-digit fingerprint id");
            }
            entries.put(new Entry(findingType, fingerprint == null ? null : fingerprint.toLowerCase(Locale.ROOT),
                    text(entry, "callSite", i, true), text(entry, "dataSource", i, true)), text(entry, "sql", i, true));
        }
        return new Baseline(entries);
    }

    private static String text(Map<?, ?> entry, String field, int index, boolean nullable) {
        Object value = entry.get(field);
        if (value == null && nullable) {
            return null;
        }
        if (!(value instanceof String string)) {
            throw new IllegalArgumentException("findings[" + index + "]." + field
                    + (value == null ? " is missing" : " is not a string"));
        }
        return string;
    }

    /** The file's text: sorted, one entry per line, no timestamps, ending with a line break. */
    public String toJson() {
        StringBuilder out = new StringBuilder(128 + entries.size() * 160);
        out.append("{\n  \"queryhound\": \"baseline\",\n  \"schema\": ").append(SCHEMA).append(",\n  \"findings\": [");
        boolean first = true;
        for (Map.Entry<Entry, String> item : entries.entrySet()) {
            Entry entry = item.getKey();
            JsonLine line = new JsonLine().field("type", entry.type().name())
                    .field("fingerprint", entry.fingerprint())
                    .field("callSite", entry.callSite());
            if (entry.dataSource() != null) {
                line.field("dataSource", entry.dataSource());
            }
            if (item.getValue() != null) {
                line.field("sql", item.getValue());
            }
            out.append(first ? "\n    " : ",\n    ").append(line.build());
            first = false;
        }
        return out.append(first ? "]\n}\n" : "\n  ]\n}\n").toString();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries, sorted. */
    public Set<Entry> entries() {
        return entries.keySet();
    }

    /** The SQL template written with {@code entry}, or null. */
    public String sql(Entry entry) {
        return entries.get(entry);
    }

    public boolean contains(Finding finding) {
        return !entries.isEmpty() && entries.containsKey(Entry.of(finding));
    }

    /** {@code findings} with each one in this baseline marked baselined; replaced in place. */
    public void apply(List<Finding> findings) {
        if (entries.isEmpty()) {
            return;
        }
        for (int i = 0; i < findings.size(); i++) {
            if (contains(findings.get(i))) {
                findings.set(i, findings.get(i).withBaselined());
            }
        }
    }

    @Override
    public String toString() {
        return "Baseline[" + entries.size() + " findings]";
    }
}
