/**
 * Execution plans: why a slow statement is slow, and which index would help. Internal: not a public
 * API, and it may change at any time ({@link io.queryhound.internal.plan.PlanSummary} is named to
 * become public later).
 *
 * <h2>What is explained, and with what statement</h2>
 * <p>{@link io.queryhound.internal.plan.Explainer} runs the database's own EXPLAIN for one statement on
 * a connection the caller obtained for that purpose, with the statement's bound values bound again
 * (the plan depends on them), under a statement timeout ({@code setQueryTimeout}):
 * <ul>
 * <li>H2: {@code EXPLAIN <statement>}; with analysis, {@code EXPLAIN ANALYZE <select>};</li>
 * <li>PostgreSQL: {@code EXPLAIN (FORMAT JSON) <statement>}; with analysis,
 *     {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) <select>};</li>
 * <li>MySQL and MariaDB: {@code EXPLAIN FORMAT=JSON <statement>}, never analysed.</li>
 * </ul>
 * SELECT, INSERT, UPDATE, DELETE and MERGE are explained; other statements (DDL, CALL, several
 * statements in one text) are not. Analysis runs the statement, so it is done only for a plain SELECT
 * (no write hidden in a WITH clause, no SELECT INTO, no FOR UPDATE/SHARE), inside a transaction that
 * is always rolled back (a savepoint when the connection is already in one; auto-commit is restored),
 * and on PostgreSQL that transaction is also read-only. Data-changing statements are only ever
 * explained, which H2 and PostgreSQL do without running them.
 *
 * <h2>What it costs</h2>
 * <p>A plain EXPLAIN costs the database one planning of the statement (typically well under a
 * millisecond) and a round trip; an analysed one costs a full execution of the SELECT, which is why it
 * is a separate choice. After a plan, one small catalogue query per table read (at most 16) fetches
 * the table's estimated size ({@code INFORMATION_SCHEMA.TABLES.ROW_COUNT_ESTIMATE} on H2,
 * {@code pg_class.reltuples} on PostgreSQL; MySQL's plan has it). The advisor reads the connection's
 * {@code DatabaseMetaData} index list for each table it advises on. None of it runs on the
 * application's thread: {@link io.queryhound.internal.plan.PlanFetcher} decides when to explain (one
 * EXPLAIN per fingerprint per interval, a bounded queue, one daemon thread) and hands each plan to its
 * finding as the finding is written; docs/plans.md is the user's view of it.
 *
 * <h2>Where the connection and the values come from</h2>
 * <p>In library mode, from QueryHound's wrapper: the DataSource it wraps, and datasource-proxy's record of
 * the {@code set*} calls. Under {@code -javaagent}, from the agent, through the bridge
 * ({@link io.queryhound.internal.bridge.CapturedExecution}): the outermost DataSource of the connection's
 * chain (none for a {@code DriverManager} connection: not explained) and the statement's own array of
 * bound values, copied by {@code AgentCapture} only for an execution that crossed {@code slowQueryMillis}.
 * Every EXPLAIN runs between {@code Hooks.quietBegin()} and {@code quietEnd()}, so the agent records none
 * of its JDBC calls as the application's.
 *
 * <h2>What the summary holds</h2>
 * <p>{@link io.queryhound.internal.plan.PlanSummary}: each table read with its access (full scan, full
 * index scan, index scan, index-only scan, lookup), the index used, estimated rows, measured rows when
 * analysed and the table's size; the sorts and whether they spilled to disk; temporary blocks written
 * (PostgreSQL with BUFFERS); the planner's total cost and the measured time. It keeps no condition text:
 * PostgreSQL prints bound values inside its filters, and values never leave this package. A failed
 * explain is an {@link io.queryhound.internal.plan.Explanation} with a one-sentence reason (bound
 * values masked out of database error messages), never an exception.
 *
 * <h2>Index advice</h2>
 * <p>{@link io.queryhound.internal.plan.IndexAdvisor} turns a full read of a large table into a
 * {@code CREATE INDEX} built from the statement's template (read by its own small
 * {@link io.queryhound.internal.plan.PredicateReader}, independent of the fingerprinting lexer), skips
 * it when an index with the same leading columns exists, and says why when no index can help.
 */
package io.queryhound.internal.plan;
