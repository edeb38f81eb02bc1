package io.queryhound.agent.cli;

import io.queryhound.internal.json.JsonReader;
import io.queryhound.internal.json.MalformedJsonException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code summary <file.jsonl> [--top N]}: a QueryHound output file read back as two tables, the
 * findings (each finding once, its repeats added up) and the statements that took the most time.
 * It is what someone opens during an incident, so any line that is not a QueryHound record (an
 * application log line in the same stream, a line cut off by a crash) is counted and skipped, never
 * fatal.
 */
final class SummaryCommand {

    static final String USAGE = "summary <file.jsonl>|- [--top N]";

    static final int DEFAULT_TOP = 10;
    /** Wide enough to tell statements apart, narrow enough to keep a row on one line of a wide terminal. */
    static final int SQL_WIDTH = 70;
    static final int SCOPES_SHOWN = 3;
    static final int SCOPE_WIDTH = 50;

    private final Map<FindingGroup.Key, FindingGroup> findings = new LinkedHashMap<>();
    private final Map<String, StatementTotals> summaries = new LinkedHashMap<>();
    private final Map<String, StatementTotals> intervals = new LinkedHashMap<>();
    private final Map<String, ScopeTotals> scopeSummaries = new LinkedHashMap<>();
    private final Map<String, ScopeTotals> scopeIntervals = new LinkedHashMap<>();
    private int summaryRecords;
    private int intervalRecords;
    private int records;
    private int notRecords;
    private int firstNotRecordLine;
    private int unknownRecords;
    private Instant first;
    private Instant last;

    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        String file = null;
        int top = DEFAULT_TOP;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--top") || arg.startsWith("--top=")) {
                String value;
                if (arg.equals("--top")) {
                    if (i + 1 >= args.size()) {
                        err.println("queryhound summary: --top needs a number of rows");
                        return Cli.USAGE_ERROR;
                    }
                    value = args.get(++i);
                } else {
                    value = arg.substring("--top=".length());
                }
                top = parseTop(value);
                if (top < 1) {
                    err.println("queryhound summary: --top '" + value + "' is not valid; accepted: a whole number from 1");
                    return Cli.USAGE_ERROR;
                }
            } else if (arg.startsWith("--")) {
                err.println("queryhound summary: unknown option '" + arg + "'");
                err.println("usage: java -jar queryhound-agent.jar " + USAGE);
                return Cli.USAGE_ERROR;
            } else if (file == null) {
                file = arg;
            } else {
                err.println("queryhound summary: one file at a time; got '" + file + "' and '" + arg + "'");
                return Cli.USAGE_ERROR;
            }
        }
        if (file == null) {
            err.println("queryhound summary: which file? usage: java -jar queryhound-agent.jar " + USAGE);
            return Cli.USAGE_ERROR;
        }

        SummaryCommand summary = new SummaryCommand();
        if (file.equals("-")) {
            try {
                summary.read(in);
            } catch (IOException e) {
                err.println("queryhound summary: cannot read standard input: " + e.getMessage());
                return Cli.FAILURE;
            }
        } else {
            Path path;
            try {
                path = Paths.get(file);
            } catch (InvalidPathException e) {
                err.println("queryhound summary: not a valid file name: " + file);
                return Cli.USAGE_ERROR;
            }
            if (!Files.exists(path)) {
                err.println("queryhound summary: no such file: " + path.toAbsolutePath());
                return Cli.USAGE_ERROR;
            }
            if (Files.isDirectory(path)) {
                err.println("queryhound summary: " + path.toAbsolutePath() + " is a directory; give the JSON-lines file");
                return Cli.USAGE_ERROR;
            }
            try (InputStream stream = Files.newInputStream(path)) {
                summary.read(stream);
            } catch (IOException e) {
                err.println("queryhound summary: cannot read " + path.toAbsolutePath() + ": " + e);
                return Cli.USAGE_ERROR;
            }
        }
        summary.print(file.equals("-") ? "standard input" : file, top, out);
        return Cli.OK;
    }

    private static int parseTop(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- reading

    private void read(InputStream stream) throws IOException {
        // InputStreamReader replaces bytes that are not UTF-8 rather than failing: such a line then
        // simply does not parse, or parses with a replacement character in a name.
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (!line.isBlank()) {
                accept(line, lineNumber);
            }
        }
    }

    private void accept(String line, int lineNumber) {
        try {
            RecordLine record = RecordLine.of(JsonReader.parse(line));
            if (record.schema() != RecordLine.SCHEMA) {
                unknownRecords++;
                return;
            }
            String start = record.nullableText("start");
            String end = record.nullableText("end");
            String timestamp = record.nullableText("timestamp");
            switch (record.kind()) {
                case "finding" -> addFinding(FindingGroup.Sighting.ofFinding(record));
                case "findingSummary" -> addFinding(FindingGroup.Sighting.ofSummary(record));
                case "statistics" -> addStatistics(StatementTotals.Sample.of(record));
                case "scopeStatistics" -> addScopeStatistics(ScopeTotals.Sample.of(record));
                default -> {
                    unknownRecords++;
                    return;
                }
            }
            records++;
            see(start);
            see(end);
            see(timestamp);
        } catch (MalformedJsonException | RecordLine.NotARecordException e) {
            notRecords++;
            if (firstNotRecordLine == 0) {
                firstNotRecordLine = lineNumber;
            }
        }
    }

    private void addFinding(FindingGroup.Sighting sighting) {
        findings.computeIfAbsent(sighting.key(), FindingGroup::new).add(sighting);
    }

    private void addStatistics(StatementTotals.Sample sample) {
        Map<String, StatementTotals> target;
        if (sample.period().equals("summary")) {
            target = summaries;
            summaryRecords++;
        } else if (sample.period().equals("interval")) {
            target = intervals;
            intervalRecords++;
        } else {
            throw new RecordLine.NotARecordException("unknown period '" + sample.period() + "'");
        }
        target.computeIfAbsent(sample.fingerprint(), StatementTotals::new).add(sample);
    }

    private void addScopeStatistics(ScopeTotals.Sample sample) {
        Map<String, ScopeTotals> target = switch (sample.period()) {
            case "summary" -> scopeSummaries;
            case "interval" -> scopeIntervals;
            default -> throw new RecordLine.NotARecordException("unknown period '" + sample.period() + "'");
        };
        target.computeIfAbsent(sample.kind() + ' ' + sample.scope(), key -> new ScopeTotals(sample.scope()))
                .add(sample);
    }

    /** Widens the time range covered; a timestamp that does not parse is ignored, it is only for the heading. */
    private void see(String timestamp) {
        if (timestamp == null) {
            return;
        }
        try {
            Instant instant = Instant.parse(timestamp);
            if (first == null || instant.isBefore(first)) {
                first = instant;
            }
            if (last == null || instant.isAfter(last)) {
                last = instant;
            }
        } catch (DateTimeParseException ignored) {
            // Not worth skipping the record for.
        }
    }

    // ---------------------------------------------------------------- printing

    private void print(String source, int top, PrintStream out) {
        out.println("QueryHound summary of " + source + ": " + plural(records, "record")
                + (first == null ? "" : ", " + first + " to " + last));
        out.println();
        printFindings(top, out);
        out.println();
        printStatements(top, out);
        printScopes(top, out);
        if (notRecords > 0 || unknownRecords > 0) {
            out.println();
        }
        if (notRecords > 0) {
            out.println(plural(notRecords, "line") + (notRecords == 1 ? " was" : " were")
                    + " not QueryHound records and " + (notRecords == 1 ? "was" : "were")
                    + " skipped (the first is line " + firstNotRecordLine + ")");
        }
        if (unknownRecords > 0) {
            out.println(plural(unknownRecords, "record")
                    + " of a kind or schema version this version does not read " + (unknownRecords == 1 ? "was" : "were")
                    + " skipped");
        }
    }

    private void printFindings(int top, PrintStream out) {
        if (findings.isEmpty()) {
            out.println("Findings: none");
            return;
        }
        List<FindingGroup> sorted = new ArrayList<>(findings.values());
        sorted.sort(Comparator.comparingInt(FindingGroup::severityRank)
                .thenComparing(Comparator.comparingLong((FindingGroup g) -> g.occurrences).reversed())
                .thenComparing(Comparator.comparingLong((FindingGroup g) -> g.executions).reversed()));
        out.println("Findings: " + sorted.size() + " distinct" + shown(sorted.size(), top)
                + ", warnings first, then by occurrences");
        Table table = Table.of("type", "severity", ">occurrences", ">executions", ">total ms", "scopes", "sql", "call site");
        for (FindingGroup group : sorted.subList(0, Math.min(top, sorted.size()))) {
            table.row(group.key.type(), group.severity, Long.toString(group.occurrences), Long.toString(group.executions),
                    millis(group.totalMillis), Table.cut(group.scopes(SCOPES_SHOWN), SCOPE_WIDTH),
                    Table.cut(group.subject(), SQL_WIDTH), group.key.callSite());
            if (group.failed > 0) {
                table.note("failed: " + group.failed + " of the " + group.executions + " slow acquisitions threw");
            }
            if ("N_PLUS_ONE".equals(group.key.type())) {
                if (group.triggerSql != null) {
                    table.note("driven by: " + Table.cut(group.triggerSql, SQL_WIDTH)
                            + (group.triggerRows >= 0 ? " (" + plural(group.triggerRows, "row") + ")" : "")
                            + (group.triggerCallSite != null ? " at " + group.triggerCallSite : ""));
                }
                if (group.suggestion != null) {
                    table.note("suggestion: " + group.suggestion);
                }
                if (group.rewrite != null) {
                    table.note("rewrite: " + group.rewrite);
                }
            }
        }
        table.print(out);
    }

    private void printStatements(int top, PrintStream out) {
        boolean fromSummaries = !summaries.isEmpty();
        Map<String, StatementTotals> chosen = fromSummaries ? summaries : intervals;
        if (chosen.isEmpty()) {
            out.println("Statements: no statistics records");
            return;
        }
        List<StatementTotals> sorted = new ArrayList<>(chosen.values());
        sorted.sort(Comparator.comparingDouble((StatementTotals s) -> s.totalMillis).reversed());
        String basis = fromSummaries
                ? "from " + plural(summaryRecords, "summary record")
                : "from " + plural(intervalRecords, "interval record")
                        + " (no summary record: the application may still be running, or was killed)";
        out.println("Statements by total time: " + sorted.size() + shown(sorted.size(), top) + ", " + basis);
        Table table = Table.of(">count", ">total ms", ">p50 ms", ">p95 ms", ">p99 ms", ">max ms", ">rows", ">errors",
                "fingerprint", "sql");
        for (StatementTotals s : sorted.subList(0, Math.min(top, sorted.size()))) {
            table.row(Long.toString(s.count), millis(s.totalMillis), millis(s.percentileMillis(50)),
                    millis(s.percentileMillis(95)), millis(s.percentileMillis(99)), millis(s.maxMillis),
                    Long.toString(s.rows), Long.toString(s.errors), s.fingerprint, Table.cut(s.sql, SQL_WIDTH));
        }
        table.print(out);
    }

    private void printScopes(int top, PrintStream out) {
        boolean fromSummaries = !scopeSummaries.isEmpty();
        Map<String, ScopeTotals> chosen = fromSummaries ? scopeSummaries : scopeIntervals;
        if (chosen.isEmpty()) {
            return; // written by versions that have them, and only when scopes closed
        }
        List<ScopeTotals> sorted = new ArrayList<>(chosen.values());
        sorted.sort(Comparator.comparingDouble((ScopeTotals s) -> s.totalMillis).reversed());
        out.println();
        out.println("Scopes by total time: " + sorted.size() + shown(sorted.size(), top) + ", from "
                + (fromSummaries ? "summary" : "interval") + " records");
        Table table = Table.of(">count", ">statements/scope", ">max statements", ">sql ms", ">total ms", ">p50 ms",
                ">p95 ms", ">max ms", "kind", "scope");
        for (ScopeTotals s : sorted.subList(0, Math.min(top, sorted.size()))) {
            table.row(Long.toString(s.count), s.statementsPerScope(), Long.toString(s.maxStatements),
                    millis(s.sqlMillis), millis(s.totalMillis), millis(s.p50Millis()), millis(s.p95Millis()),
                    millis(s.maxMillis), s.kind, Table.cut(s.scope, SCOPE_WIDTH));
        }
        table.print(out);
    }

    private static String shown(int size, int top) {
        return size > top ? " (top " + top + " shown)" : "";
    }

    /** Milliseconds as QueryHound writes them, three decimals; NaN (unknown) as {@code -}. */
    static String millis(double millis) {
        return Double.isNaN(millis) ? null : String.format(Locale.ROOT, "%.3f", millis);
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
