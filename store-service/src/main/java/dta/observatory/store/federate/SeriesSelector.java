package dta.observatory.store.federate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Prometheus series selector as {@code /federate?match[]=} sends it: {@code name}, {@code name{l="v",...}} or
 * {@code {__name__=~"permit_.*",l!="v"}}, with the matchers {@code = != =~ !~}. It matches on the exported
 * (Prometheus) names and labels, so a selector copied from Prometheus works; {@code __name__} also matches the
 * store's original name, so {@code {__name__="permit.pay.ok"}} works too. Regexes are anchored, as in PromQL.
 */
public final class SeriesSelector {

    /** One label matcher. */
    public record Matcher(String label, String op, String value, Pattern regex) {

        boolean test(String actual) {
            String a = actual == null ? "" : actual;
            return switch (op) {
                case "=" -> a.equals(value);
                case "!=" -> !a.equals(value);
                case "=~" -> regex.matcher(a).matches();
                default -> !regex.matcher(a).matches();
            };
        }
    }

    private final List<Matcher> matchers;

    private SeriesSelector(List<Matcher> matchers) {
        this.matchers = List.copyOf(matchers);
    }

    public List<Matcher> matchers() {
        return matchers;
    }

    /** The metric name when the selector pins one with {@code =} (lets the caller skip every other metric). */
    public String exactName() {
        for (Matcher m : matchers) {
            if (m.label.equals("__name__") && m.op.equals("=")) {
                return m.value;
            }
        }
        return null;
    }

    /**
     * @param storeName the store's metric name
     * @param promLabels the exported labels (already mapped, without {@code __name__})
     */
    public boolean matches(String storeName, Map<String, String> promLabels) {
        String promName = PromNames.metricName(storeName);
        for (Matcher m : matchers) {
            if (m.label.equals("__name__")) {
                boolean positive = m.op.equals("=") || m.op.equals("=~");
                boolean either = m.test(promName) || m.test(storeName);
                boolean both = m.test(promName) && m.test(storeName);
                if (positive ? !either : !both) {
                    return false;
                }
            } else if (!m.test(promLabels.get(m.label))) {
                return false;
            }
        }
        return true;
    }

    /** Parses one selector; throws {@link IllegalArgumentException} saying what is wrong and where. */
    public static SeriesSelector parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("match[] must be a series selector such as permit_pay_ok or "
                    + "{__name__=~\"permit_.*\"}, got an empty value");
        }
        String s = text.trim();
        List<Matcher> out = new ArrayList<>();
        int brace = s.indexOf('{');
        String name = (brace < 0 ? s : s.substring(0, brace)).trim();
        if (!name.isEmpty()) {
            if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:.\\-]*")) {
                throw new IllegalArgumentException("match[] '" + text + "': '" + name + "' is not a metric name");
            }
            out.add(new Matcher("__name__", "=", name, null));
        }
        if (brace >= 0) {
            if (!s.endsWith("}")) {
                throw new IllegalArgumentException("match[] '" + text + "': missing closing '}'");
            }
            parseMatchers(text, s.substring(brace + 1, s.length() - 1), out);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("match[] '" + text + "': a selector needs a name or a matcher");
        }
        boolean anyNonEmpty = out.stream().anyMatch(m -> !m.test(""));
        if (!anyNonEmpty) {
            throw new IllegalArgumentException("match[] '" + text + "': needs at least one matcher that does not "
                    + "match the empty string (as in Prometheus), e.g. {__name__=~\".+\"}");
        }
        return new SeriesSelector(out);
    }

    private static void parseMatchers(String text, String body, List<Matcher> out) {
        int i = 0;
        int n = body.length();
        while (true) {
            while (i < n && (Character.isWhitespace(body.charAt(i)) || body.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                return;
            }
            int start = i;
            while (i < n && (Character.isLetterOrDigit(body.charAt(i)) || body.charAt(i) == '_')) {
                i++;
            }
            String label = body.substring(start, i);
            if (label.isEmpty()) {
                throw new IllegalArgumentException("match[] '" + text + "': expected a label name at '"
                        + body.substring(start) + "'");
            }
            while (i < n && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            String op;
            if (body.startsWith("=~", i) || body.startsWith("!=", i) || body.startsWith("!~", i)) {
                op = body.substring(i, i + 2);
                i += 2;
            } else if (body.startsWith("=", i)) {
                op = "=";
                i++;
            } else {
                throw new IllegalArgumentException("match[] '" + text + "': expected =, !=, =~ or !~ after '"
                        + label + "'");
            }
            while (i < n && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            if (i >= n || (body.charAt(i) != '"' && body.charAt(i) != '\'')) {
                throw new IllegalArgumentException("match[] '" + text + "': the value of '" + label
                        + "' must be quoted");
            }
            char quote = body.charAt(i++);
            StringBuilder value = new StringBuilder();
            boolean closed = false;
            while (i < n) {
                char c = body.charAt(i++);
                if (c == '\\' && i < n) {
                    char e = body.charAt(i++);
                    value.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> e;
                    });
                } else if (c == quote) {
                    closed = true;
                    break;
                } else {
                    value.append(c);
                }
            }
            if (!closed) {
                throw new IllegalArgumentException("match[] '" + text + "': unterminated value of '" + label + "'");
            }
            Pattern regex = null;
            if (op.endsWith("~")) {
                try {
                    regex = Pattern.compile(value.toString());
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("match[] '" + text + "': bad regex for '" + label + "': "
                            + e.getDescription());
                }
            }
            out.add(new Matcher(label, op, value.toString(), regex));
        }
    }
}
