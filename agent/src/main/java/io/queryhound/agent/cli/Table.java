package io.queryhound.agent.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out rows of text in columns for a terminal: each column as wide as its widest cell, numbers
 * right-aligned, two spaces between columns, and no trailing spaces, so that the output survives
 * being pasted into a ticket. A row may carry notes: lines printed under it, indented, outside the
 * columns (a suggestion is too long to be a column).
 */
final class Table {

    enum Align { LEFT, RIGHT }

    private static final String GAP = "  ";
    private static final String NOTE_INDENT = "    ";

    private final String[] headers;
    private final Align[] aligns;
    private final List<String[]> rows = new ArrayList<>();
    private final List<List<String>> notes = new ArrayList<>();

    private Table(String[] headers, Align[] aligns) {
        this.headers = headers;
        this.aligns = aligns;
    }

    /**
     * A table whose columns are given as header names; a name starting with {@code >} is a
     * right-aligned (numeric) column, the {@code >} not being part of the header.
     */
    static Table of(String... columns) {
        String[] headers = new String[columns.length];
        Align[] aligns = new Align[columns.length];
        for (int i = 0; i < columns.length; i++) {
            boolean right = columns[i].startsWith(">");
            headers[i] = right ? columns[i].substring(1) : columns[i];
            aligns[i] = right ? Align.RIGHT : Align.LEFT;
        }
        return new Table(headers, aligns);
    }

    /** Adds a row; a null cell prints as {@code -}. */
    Table row(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
        }
        String[] copy = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            copy[i] = cells[i] == null ? "-" : oneLine(cells[i]);
        }
        rows.add(copy);
        notes.add(new ArrayList<>(0));
        return this;
    }

    /** A line printed under the last row added. */
    Table note(String text) {
        if (rows.isEmpty()) {
            throw new IllegalStateException("a note belongs to a row; add the row first");
        }
        notes.get(notes.size() - 1).add(oneLine(text));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintStream out) {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println(line(headers, widths));
        for (int r = 0; r < rows.size(); r++) {
            out.println(line(rows.get(r), widths));
            for (String note : notes.get(r)) {
                out.println(NOTE_INDENT + note);
            }
        }
    }

    private String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(GAP);
            }
            int padding = widths[i] - cells[i].length();
            if (aligns[i] == Align.RIGHT) {
                line.append(" ".repeat(padding)).append(cells[i]);
            } else {
                line.append(cells[i]);
                if (i < cells.length - 1) {
                    line.append(" ".repeat(padding));
                }
            }
        }
        // A left-aligned column followed only by empty cells would still leave padding behind.
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        line.setLength(end);
        return line.toString();
    }

    /**
     * {@code text} cut to {@code width} characters, the last three replaced by {@code ...} when
     * it is longer; a null stays null.
     */
    static String cut(String text, int width) {
        if (text == null || text.length() <= width) {
            return text;
        }
        if (width <= 3) {
            return text.substring(0, width);
        }
        return text.substring(0, width - 3) + "...";
    }

    /** A cell is one line: SQL templates are single-line already, but names and messages may not be. */
    private static String oneLine(String text) {
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0 && text.indexOf('\t') < 0) {
            return text;
        }
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }
}
