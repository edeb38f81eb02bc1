package io.queryhound.internal.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * A lexical unit of a statement template, for {@link PredicateReader}. The template is canonical
 * (single spaces, lower-case keywords, values as {@code ?}), so a handful of rules suffice: words,
 * quoted names ({@code "..."}, {@code `...`}), the rare string left in a template, placeholders,
 * numbers and operators.
 */
final class TemplateToken {

    enum Type { WORD, QUOTED, PARAM, NUMBER, STRING, SYMBOL, SUBQUERY }

    final Type type;
    final String text;
    /** Position among the template's tokens (before subqueries were folded). */
    final int position;

    TemplateToken(Type type, String text, int position) {
        this.type = type;
        this.text = text;
        this.position = position;
    }

    boolean is(String symbol) {
        return type == Type.SYMBOL && text.equals(symbol);
    }

    boolean isWord(String word) {
        return type == Type.WORD && text.equals(word);
    }

    boolean isName() {
        return type == Type.WORD || type == Type.QUOTED;
    }

    static List<TemplateToken> split(String text) {
        List<TemplateToken> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '"' || c == '`' || c == '\'') {
                i++;
                while (i < n) {
                    if (text.charAt(i) == c) {
                        if (i + 1 < n && text.charAt(i + 1) == c) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i++;
                }
                i = Math.min(n, i + 1);
                tokens.add(new TemplateToken(c == '\'' ? Type.STRING : Type.QUOTED, text.substring(start, i), tokens.size()));
            } else if (c == '?') {
                i++;
                tokens.add(new TemplateToken(Type.PARAM, "?", tokens.size()));
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new TemplateToken(Type.NUMBER, text.substring(start, i), tokens.size()));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                        || text.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new TemplateToken(Type.WORD, text.substring(start, i), tokens.size()));
            } else {
                String two = i + 1 < n ? text.substring(i, i + 2) : "";
                if (two.equals("<=") || two.equals(">=") || two.equals("<>") || two.equals("!=")
                        || two.equals("::") || two.equals("||")) {
                    i += 2;
                    tokens.add(new TemplateToken(Type.SYMBOL, two, tokens.size()));
                } else {
                    i++;
                    tokens.add(new TemplateToken(Type.SYMBOL, String.valueOf(c), tokens.size()));
                }
            }
        }
        return tokens;
    }
}
