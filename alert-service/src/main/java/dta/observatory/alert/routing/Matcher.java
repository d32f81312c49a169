package dta.observatory.alert.routing;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label condition, written as Alertmanager writes it: {@code name=value}, {@code name!=value},
 * {@code name=~regex} or {@code name!~regex}. Regexes match the whole value. A missing label is the empty string.
 */
public final class Matcher {

    enum Op { EQ, NE, RE, NRE }

    private final String name;
    private final Op op;
    private final String value;
    private final Pattern pattern;

    private Matcher(String name, Op op, String value) {
        if (name.isEmpty() || !name.matches("[a-zA-Z_][a-zA-Z0-9_.]*")) {
            throw new IllegalArgumentException("matcher label name must match [a-zA-Z_][a-zA-Z0-9_.]*, got '" + name + "'");
        }
        this.name = name;
        this.op = op;
        this.value = value;
        try {
            this.pattern = op == Op.RE || op == Op.NRE ? Pattern.compile(value) : null;
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("matcher " + name + " has a bad regex '" + value + "': "
                    + e.getDescription());
        }
    }

    /** Parses {@code name=value} and the other three forms; surrounding spaces and double quotes are dropped. */
    public static Matcher parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("matcher must not be null");
        }
        String t = text.trim();
        int i = indexOfOperator(t);
        if (i <= 0) {
            throw new IllegalArgumentException("matcher must look like name=value, name!=value, name=~regex or "
                    + "name!~regex, got '" + text + "'");
        }
        String name = t.substring(0, i).trim();
        Op op;
        int len;
        if (t.startsWith("!=", i)) {
            op = Op.NE;
            len = 2;
        } else if (t.startsWith("!~", i)) {
            op = Op.NRE;
            len = 2;
        } else if (t.startsWith("=~", i)) {
            op = Op.RE;
            len = 2;
        } else {
            op = Op.EQ;
            len = 1;
        }
        String value = t.substring(i + len).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return new Matcher(name, op, value);
    }

    private static int indexOfOperator(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '=' || (c == '!' && i + 1 < t.length() && (t.charAt(i + 1) == '=' || t.charAt(i + 1) == '~'))) {
                return i;
            }
        }
        return -1;
    }

    public boolean matches(Map<String, String> labels) {
        String v = labels.getOrDefault(name, "");
        return switch (op) {
            case EQ -> v.equals(value);
            case NE -> !v.equals(value);
            case RE -> pattern.matcher(v).matches();
            case NRE -> !pattern.matcher(v).matches();
        };
    }

    public static boolean all(Iterable<Matcher> matchers, Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + switch (op) {
            case EQ -> "=";
            case NE -> "!=";
            case RE -> "=~";
            case NRE -> "!~";
        } + value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
