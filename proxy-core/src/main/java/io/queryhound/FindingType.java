package io.queryhound;

/** What a {@link Finding} is about; each type is described, with its rule and settings, in docs/findings.md. */
public enum FindingType {
    /** The same SELECT from the same line, once per row of an earlier result, with different parameters. */
    N_PLUS_ONE(Severity.WARNING),
    /** The same SELECT with the same parameters run again in one scope. */
    REPEATED_QUERY(Severity.INFO),
    /** The same INSERT, UPDATE or DELETE from the same line, one statement at a time instead of a batch. */
    BATCHABLE_DML(Severity.INFO),
    /** One execution took at least {@code slowQueryMillis}. */
    SLOW_QUERY(Severity.WARNING),
    /** One scope ran more than {@code maxQueriesPerScope} statements. */
    QUERY_BUDGET(Severity.WARNING),
    /** One execution's result had at least {@code largeResultRows} rows read. */
    LARGE_RESULT(Severity.WARNING),
    /** Acquiring a connection ({@code getConnection}, {@code Driver.connect}) took at least {@code slowConnectionMillis}. */
    SLOW_CONNECTION(Severity.WARNING);

    private final Severity severity;

    FindingType(Severity severity) {
        this.severity = severity;
    }

    /** The severity every finding of this type carries. */
    public Severity severity() {
        return severity;
    }

    /** How serious a finding is: {@code WARNING} costs time on every request; {@code INFO} is an opportunity. */
    public enum Severity {
        INFO, WARNING
    }
}
