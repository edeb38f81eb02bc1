package io.queryhound.internal.sql;

import java.util.Locale;
import java.util.Random;

/**
 * Generates well-formed statements in two independent random streams: the shape (tables,
 * columns, clauses, operators) comes from a seed, the spelling (literal values, list lengths,
 * NULL padding, keyword case, whitespace, comments, a trailing semicolon) from another. Two
 * statements of one shape must have one template.
 */
final class StatementGenerator {

    private static final String[] TABLES = {"orders", "customer", "\"Line Items\"", "t_2024", "s.accounts"};
    private static final String[] COLUMNS = {"id", "customer_id", "total", "\"Created At\"", "name", "status_2"};
    private static final String[] COMPARISONS = {"=", "<>", "!=", ">=", "<=", "<", ">"};
    private static final String[] FUNCTIONS = {"lower", "coalesce", "abs", "upper"};
    private static final String[] CASTS = {"int", "bigint", "text", "numeric(10, 2)", "uuid"};

    private final Random shape;
    private final Random spelling;
    private final StringBuilder out = new StringBuilder();

    private StatementGenerator(long shapeSeed, Random spelling) {
        this.shape = new Random(shapeSeed);
        this.spelling = spelling;
    }

    static String statement(long shapeSeed, Random spelling) {
        StatementGenerator generator = new StatementGenerator(shapeSeed, spelling);
        generator.anyStatement();
        return generator.out.toString();
    }

    private void anyStatement() {
        space();
        switch (shape.nextInt(5)) {
            case 0:
                insert();
                break;
            case 1:
                update();
                break;
            case 2:
                keyword("delete from");
                name(pick(TABLES));
                where();
                break;
            case 3:
                keyword("with");
                name("recent");
                keyword("as");
                open();
                select();
                close();
                select();
                break;
            default:
                select();
                break;
        }
        if (spelling.nextInt(4) == 0) {
            punctuation(";");
        }
        space();
    }

    private void select() {
        keyword("select");
        int columns = 1 + shape.nextInt(3);
        for (int i = 0; i < columns; i++) {
            if (i > 0) {
                punctuation(",");
            }
            selectItem();
        }
        keyword("from");
        name(pick(TABLES));
        if (shape.nextBoolean()) {
            name("x1_0");
        }
        if (shape.nextInt(4) > 0) {
            where();
        }
        if (shape.nextInt(4) == 0) {
            keyword("group by");
            positions();
        }
        if (shape.nextInt(3) == 0) {
            keyword("order by");
            if (shape.nextBoolean()) {
                positions();
            } else {
                name(pick(COLUMNS));
                if (shape.nextBoolean()) {
                    keyword("desc");
                }
            }
        }
        if (shape.nextInt(3) == 0) {
            keyword("limit");
            literal();
            if (shape.nextBoolean()) {
                keyword("offset");
                literal();
            }
        }
    }

    private void selectItem() {
        switch (shape.nextInt(6)) {
            case 0:
                literal();
                break;
            case 1:
                name("count");
                open();
                punctuation("*");
                close();
                break;
            case 2:
                name(pick(FUNCTIONS));
                open();
                name(pick(COLUMNS));
                close();
                break;
            case 3:
                name(pick(COLUMNS));
                operator("+");
                literal();
                break;
            case 4:
                keyword("case when");
                name(pick(COLUMNS));
                operator("=");
                literal();
                keyword("then");
                literal();
                keyword("else");
                literal();
                keyword("end");
                break;
            default:
                name("x1_0." + pick(COLUMNS));
                break;
        }
    }

    private void where() {
        keyword("where");
        condition(2);
    }

    private void condition(int depth) {
        int choice = shape.nextInt(depth > 0 ? 9 : 7);
        switch (choice) {
            case 0:
                name(pick(COLUMNS));
                keyword(shape.nextBoolean() ? "in" : "not in");
                valueList();
                break;
            case 1:
                name(pick(COLUMNS));
                keyword(shape.nextBoolean() ? "is null" : "is not null");
                break;
            case 2:
                name(pick(COLUMNS));
                keyword("between");
                literal();
                keyword("and");
                literal();
                break;
            case 3:
                name(pick(COLUMNS));
                operator("=");
                keyword("any");
                open();
                keyword("array");
                punctuation("[");
                int items = 1 + spelling.nextInt(4);
                for (int i = 0; i < items; i++) {
                    if (i > 0) {
                        punctuation(",");
                    }
                    literal();
                }
                punctuation("]");
                close();
                break;
            case 4:
                name(pick(COLUMNS));
                keyword("in");
                open();
                keyword("select");
                name(pick(COLUMNS));
                keyword("from");
                name(pick(TABLES));
                keyword("where");
                name(pick(COLUMNS));
                operator("=");
                literal();
                close();
                break;
            case 5:
                name(pick(COLUMNS));
                keyword("like");
                string();
                break;
            case 7:
                open();
                condition(depth - 1);
                close();
                break;
            case 8:
                condition(depth - 1);
                keyword(shape.nextBoolean() ? "and" : "or");
                condition(depth - 1);
                break;
            default:
                name(pick(COLUMNS));
                operator(pick(COMPARISONS));
                literal();
                break;
        }
    }

    /** IN list: the item count and NULL padding are spelling; a cast on every item is shape. */
    private void valueList() {
        String cast = shape.nextInt(4) == 0 ? pick(CASTS) : null;
        int items = 1 + spelling.nextInt(6);
        open();
        for (int i = 0; i < items; i++) {
            if (i > 0) {
                punctuation(",");
            }
            if (cast == null && i > 0 && spelling.nextInt(5) == 0) {
                keyword("null");
            } else {
                literal();
            }
            if (cast != null) {
                punctuation("::");
                name(cast);
            }
        }
        close();
    }

    private void insert() {
        keyword("insert into");
        name(pick(TABLES));
        int columns = 1 + shape.nextInt(4);
        boolean[] now = new boolean[columns];
        open();
        for (int i = 0; i < columns; i++) {
            if (i > 0) {
                punctuation(",");
            }
            name(COLUMNS[i]);
            now[i] = shape.nextInt(4) == 0;
        }
        close();
        keyword("values");
        int rows = 1 + spelling.nextInt(4);
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                punctuation(",");
            }
            open();
            for (int i = 0; i < columns; i++) {
                if (i > 0) {
                    punctuation(",");
                }
                if (now[i]) {
                    name("now");
                    open();
                    close();
                } else if (spelling.nextInt(5) == 0) {
                    keyword("null");
                } else {
                    literal();
                }
            }
            close();
        }
    }

    private void update() {
        keyword("update");
        name(pick(TABLES));
        keyword("set");
        int assignments = 1 + shape.nextInt(3);
        for (int i = 0; i < assignments; i++) {
            if (i > 0) {
                punctuation(",");
            }
            name(COLUMNS[i]);
            operator("=");
            if (shape.nextInt(3) == 0) {
                name(COLUMNS[i]);
                operator("+");
                literal();
            } else if (spelling.nextInt(4) == 0) {
                keyword("null");
            } else {
                literal();
            }
        }
        where();
    }

    private void positions() {
        int count = 1 + shape.nextInt(3);
        for (int i = 1; i <= count; i++) {
            if (i > 1) {
                punctuation(",");
            }
            word(Integer.toString(i));
        }
    }

    // ---- spelling ----

    private void literal() {
        switch (spelling.nextInt(13)) {
            case 0: word(Integer.toString(spelling.nextInt(100_000))); break;
            case 1: word("-" + spelling.nextInt(1000)); break;
            case 2: word(spelling.nextInt(1000) + "." + spelling.nextInt(1000)); break;
            case 3: word("." + spelling.nextInt(100)); break;
            case 4: word(spelling.nextInt(10) + "e-" + spelling.nextInt(10)); break;
            case 5: word("0x" + Integer.toHexString(spelling.nextInt()).toUpperCase(Locale.ROOT)); break;
            case 6: word("?"); break;
            case 7: word("$" + (1 + spelling.nextInt(20))); break;
            case 8: word(spelling.nextBoolean() ? "TRUE" : "false"); break;
            case 9: word(":p" + spelling.nextInt(50)); break;
            case 10: word("X'0F" + spelling.nextInt(10) + "'"); break;
            default: string(); break;
        }
    }

    private void string() {
        String[] texts = {"it''s", "plain", "a%", "ünïcödé", "こんにちは", "", "x -- y /* z */"};
        word("'" + texts[spelling.nextInt(texts.length)] + spelling.nextInt(9) + "'");
    }

    private void keyword(String words) {
        for (String word : words.split(" ")) {
            switch (spelling.nextInt(3)) {
                case 0: word(word.toUpperCase(Locale.ROOT)); break;
                case 1: word(word); break;
                default:
                    StringBuilder mixed = new StringBuilder();
                    for (char c : word.toCharArray()) {
                        mixed.append(spelling.nextBoolean() ? Character.toUpperCase(c) : c);
                    }
                    word(mixed.toString());
                    break;
            }
        }
    }

    /** Unquoted names in any case; quoted ones exactly. */
    private void name(String name) {
        if (name.contains("\"")) {
            word(name);
        } else {
            keyword(name);
        }
    }

    private void operator(String operator) {
        word(operator);
    }

    private void open() {
        punctuation("(");
    }

    private void close() {
        punctuation(")");
    }

    /** Punctuation may stand without whitespace around it. */
    private void punctuation(String text) {
        if (spelling.nextBoolean()) {
            space();
        }
        out.append(text);
        if (spelling.nextBoolean()) {
            space();
        }
    }

    /** Words always get whitespace (or a comment) before them. */
    private void word(String text) {
        if (text.isEmpty()) {
            return;
        }
        space();
        out.append(text);
    }

    private void space() {
        switch (spelling.nextInt(8)) {
            case 0: out.append("  "); break;
            case 1: out.append('\n'); break;
            case 2: out.append('\t'); break;
            case 3: out.append(" /* note */ "); break;
            case 4: out.append(" -- note\n"); break;
            default: out.append(' '); break;
        }
    }

    private String pick(String[] options) {
        return options[shape.nextInt(options.length)];
    }
}
