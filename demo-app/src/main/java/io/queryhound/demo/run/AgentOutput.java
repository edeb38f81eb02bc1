package io.queryhound.demo.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the agent wrote, read back from its JSON lines: the findings (first occurrences), how often
 * each recurred ({@code findingSummary}), and per-scope statistics ({@code scopeStatistics}
 * summaries: statements per request of every endpoint). Field names as in docs/findings.md and
 * docs/output.md.
 */
record AgentOutput(List<Finding> findings, List<Recurrence> recurrences, Map<String, ScopeSummary> scopes,
                   int lines) {

    /** A {@code finding} record, with what the report prints. */
    record Finding(String type, String severity, String scope, String fingerprint, String sql, long count,
                   long distinctParams, double totalMillis, double maxMillis, long rows, String callSite,
                   List<String> stack, String triggerSql, long triggerRows, String triggerCallSite,
                   String suggestion, String rewrite, String dataSource) {

        /** What makes two findings the same (docs/findings.md): type, statement and call site. */
        String key() {
            return AgentOutput.key(type, fingerprint, callSite, dataSource);
        }
    }

    /** Summed {@code findingSummary} records of one finding. */
    record Recurrence(String key, long totalOccurrences, String lastScope) {
    }

    /** The {@code scopeStatistics} summary of one scope name. */
    record ScopeSummary(String scope, long count, long statements, long p50Statements, long p95Statements,
                        long maxStatements, double sqlMillis, double p50Millis, double p95Millis) {
    }

    static AgentOutput read(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<Finding> findings = new ArrayList<>();
        Map<String, Recurrence> recurrences = new LinkedHashMap<>();
        Map<String, ScopeSummary> scopes = new LinkedHashMap<>();
        int count = 0;
        List<String> lines;
        try {
            lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent's output " + file, e);
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            count++;
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (IOException e) {
                throw new IllegalStateException("line " + count + " of " + file + " is not JSON: " + line, e);
            }
            switch (text(node, "record")) {
                case "finding" -> findings.add(finding(node));
                case "findingSummary" -> {
                    String key = key(text(node, "type"), text(node, "fingerprint"), text(node, "callSite"),
                            text(node, "dataSource"));
                    recurrences.put(key, new Recurrence(key, node.path("totalOccurrences").asLong(),
                            text(node, "lastScope")));
                }
                case "scopeStatistics" -> {
                    if ("summary".equals(text(node, "period"))) {
                        String scope = text(node, "scope");
                        scopes.put(scope, new ScopeSummary(scope, node.path("count").asLong(),
                                node.path("statements").asLong(), node.path("p50Statements").asLong(),
                                node.path("p95Statements").asLong(), node.path("maxStatements").asLong(),
                                node.path("sqlMillis").asDouble(), node.path("p50Millis").asDouble(),
                                node.path("p95Millis").asDouble()));
                    }
                }
                default -> {
                    // statistics per statement: not part of this report (they stay in the file)
                }
            }
        }
        return new AgentOutput(List.copyOf(findings), List.copyOf(recurrences.values()), scopes, count);
    }

    private static Finding finding(JsonNode node) {
        List<String> stack = new ArrayList<>();
        node.path("stack").forEach(frame -> stack.add(frame.asText()));
        JsonNode trigger = node.path("trigger");
        return new Finding(text(node, "type"), text(node, "severity"), text(node, "scope"),
                text(node, "fingerprint"), text(node, "sql"), node.path("count").asLong(),
                node.path("distinctParams").asLong(), node.path("totalMillis").asDouble(),
                node.path("maxMillis").asDouble(), node.path("rows").asLong(), text(node, "callSite"), stack,
                trigger.isObject() ? text(trigger, "sql") : null, trigger.path("rows").asLong(),
                trigger.isObject() ? text(trigger, "callSite") : null, text(node, "suggestion"),
                text(node, "rewrite"), text(node, "dataSource"));
    }

    /** The same finding, for {@code finding} and {@code findingSummary} records alike; docs/findings.md. */
    static String key(String type, String fingerprint, String callSite, String dataSource) {
        return type + '|' + fingerprint + '|' + callSite + '|' + (fingerprint == null ? dataSource : "");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** How many requests produced this finding: its first occurrence and the recurrences summed by the agent. */
    long occurrences(Finding finding) {
        return recurrences.stream().filter(r -> r.key().equals(finding.key()))
                .mapToLong(Recurrence::totalOccurrences).max().orElse(1);
    }

    /** The scope of the last request that produced this finding, or its first scope when it never recurred. */
    String lastScope(Finding finding) {
        return recurrences.stream().filter(r -> r.key().equals(finding.key())).map(Recurrence::lastScope)
                .filter(Objects::nonNull).findFirst().orElse(finding.scope());
    }
}
