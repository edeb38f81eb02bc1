package io.queryhound.internal.detect;

import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.SqlDialect;
import io.queryhound.StatementKind;
import io.queryhound.internal.event.QueryEvent;
import io.queryhound.internal.sql.InListRewrite;

/**
 * {@code N_PLUS_ONE}: the same SELECT from the same call site, one statement at a time, at least
 * {@code nPlusOneThreshold} times with at least two different parameter sets. Identical
 * parameters make it a repeated query instead; executions that already carry several keys in an IN
 * list (a batch fetch) or run through {@code executeBatch} do not count.
 */
final class NPlusOneDetector implements Detector {

    @Override
    public void inspect(ScopeTally tally, Evaluation evaluation) {
        Detection detection = evaluation.detection;
        for (StatementTally statement : evaluation.statements) {
            if (statement.fingerprint.kind() != StatementKind.SELECT) {
                continue;
            }
            for (StatementTally.Site site : statement.sites) {
                StatementTally.Slice loop = site.fresh; // what a nested scope already reported is not repeated
                if (loop.singles < detection.nPlusOneThreshold || !loop.differentParameters) {
                    continue;
                }
                long distinct = statement.distinctParameters();
                if (statement.sites.size() > 1 || loop.singles != site.singles) {
                    distinct = Math.min(distinct, loop.singles);
                }
                boolean aggregate = aggregates(statement.fingerprint.template());
                String rewrite = statement.fingerprint.largestCollapsedList() > 0 || aggregate
                        || statement.fingerprint.isTemplateCut() ? null
                        : InListRewrite.rewrite(statement.fingerprint.template(), SqlDialect.GENERIC);
                evaluation.add(FindingType.N_PLUS_ONE, statement, site.capture, loop.singles, distinct, loop.nanos,
                        loop.maxNanos, -1, detection.nPlusOneThreshold, trigger(statement, tally, evaluation),
                        suggestion(statement, site, rewrite, aggregate),
                        rewrite == null ? null : detection.displaySql(rewrite), null);
                loop.clear();
                statement.loopReported = true;
                statement.reported(); // its repeated parameters are part of the loop, not a REPEATED_QUERY
            }
        }
    }

    /**
     * The query whose rows drove the loop: among the SELECTs that ran just before the loop's first
     * execution, the newest one that is not itself looping (in an interleaved loop the other lookups
     * of the same row are not the trigger), else the newest. A candidate separated from the loop by
     * more statements than the looping ones skipped (plus a few an ORM runs per row) did not drive
     * it: the loop is then over something else, such as a list in the code, and has no trigger.
     */
    private static Finding.Trigger trigger(StatementTally statement, ScopeTally tally, Evaluation evaluation) {
        QueryEvent newest = null;
        QueryEvent chosen = null;
        int skipped = 0;
        for (int i = 0; i < statement.predecessors.length; i++) {
            QueryEvent candidate = statement.predecessors[i];
            if (candidate == null) {
                break;
            }
            if (candidate.fingerprint().equals(statement.fingerprint)) {
                continue;
            }
            long between = statement.firstPosition - statement.predecessorPositions[i] - 1;
            if (between > skipped + ScopeTally.TRIGGER_CANDIDATES) {
                break;
            }
            if (newest == null) {
                newest = candidate;
            }
            StatementTally candidateTally = tally.statement(candidate.fingerprint().idAsLong());
            boolean looping = candidateTally != null
                    && candidateTally.count >= evaluation.detection.nPlusOneThreshold;
            if (!looping) {
                chosen = candidate;
                break;
            }
            skipped++;
        }
        QueryEvent trigger = chosen != null ? chosen : newest;
        if (trigger == null) {
            return null;
        }
        StatementTally triggerTally = tally.statement(trigger.fingerprint().idAsLong());
        return new Finding.Trigger(trigger.fingerprint(), evaluation.detection.displaySql(trigger.fingerprint().template()),
                trigger.rowsRead(), Evaluation.siteOf(trigger, triggerTally));
    }

    /**
     * Whether the select list aggregates ({@code count(*)}, {@code sum(x)} ...): an IN list would then
     * merge the groups, so the single statement also needs a {@code group by} of the filtered column.
     */
    static boolean aggregates(String template) {
        int from = template.indexOf(" from ");
        String selectList = from < 0 ? template : template.substring(0, from);
        for (String function : new String[]{"count(", "sum(", "avg(", "min(", "max("}) {
            int at = selectList.indexOf(function);
            if (at >= 0 && (at == 0 || !Character.isJavaIdentifierPart(selectList.charAt(at - 1)))) {
                return true;
            }
        }
        return false;
    }

    private static String suggestion(StatementTally statement, StatementTally.Site site, String rewrite,
                                     boolean aggregate) {
        StringBuilder text = new StringBuilder();
        if (aggregate) {
            text.append("Compute all ").append(site.fresh.singles).append(" aggregates in one statement: filter the"
                    + " column with an IN list (or drop the filter) and group by it.");
        } else if (rewrite != null) {
            text.append("Run it once for all ").append(site.fresh.singles)
                    .append(" keys: collect them from the driving result and bind them to the IN list of the rewrite.");
        } else if (statement.fingerprint.largestCollapsedList() > 0) {
            text.append("It already takes an IN list: pass all the keys in one execution instead of one per row.");
        } else {
            text.append("Load the rows for all keys in one statement (an IN list or a join) instead of one per row.");
        }
        CallSites.Capture capture = site.capture;
        if (capture.has(CallSites.HIBERNATE_LAZY_COLLECTION)) {
            text.append(" Hibernate initializes a lazy collection once per owner: fetch it with the owners"
                    + " (join fetch, or an entity graph), or enable batch fetching (@BatchSize or"
                    + " hibernate.default_batch_fetch_size).");
        } else if (capture.has(CallSites.HIBERNATE_PROXY)) {
            text.append(" Hibernate initializes a lazy association proxy once per owner: join fetch the association"
                    + " or use an entity graph, or enable batch fetching (hibernate.default_batch_fetch_size).");
        } else if (capture.has(CallSites.HIBERNATE) || capture.has(CallSites.JPA_OTHER)) {
            text.append(" The ORM loads an association with one select per entity: use a join fetch or an entity"
                    + " graph in the query that loads the entities, or batch fetching (@BatchSize or"
                    + " hibernate.default_batch_fetch_size).");
        } else if (capture.has(CallSites.MYBATIS)) {
            text.append(" MyBatis runs a nested select per row: map the association with a join and a nested"
                    + " result map instead.");
        }
        return text.toString();
    }
}
