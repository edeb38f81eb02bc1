package io.queryhound;

/** What a statement does, read by the fingerprint lexer from its first significant keyword. */
public enum StatementKind {
    SELECT, INSERT, UPDATE, DELETE, MERGE, CALL, DDL, OTHER;

    /** True for statements that change rows: INSERT, UPDATE, DELETE and MERGE (upsert). */
    public boolean isWrite() {
        return this == INSERT || this == UPDATE || this == DELETE || this == MERGE;
    }
}
