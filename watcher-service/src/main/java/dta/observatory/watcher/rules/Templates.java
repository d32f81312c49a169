package dta.observatory.watcher.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Summary and description templates: {@code {{value}}}, {@code {{threshold}}}, {@code {{baseline}}},
 * {@code {{score}}}, {@code {{metric}}}, {@code {{rule}}} and {@code {{labels.NAME}}}; Prometheus' spelling
 * {@code {{ $value }}} works too. Unknown names are refused when the rule is created, not when it fires.
 */
public final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*\\$?([A-Za-z_][A-Za-z0-9_.]*)\\s*}}");
    private static final Set<String> NAMES = Set.of("value", "threshold", "baseline", "score", "metric", "rule");

    private Templates() {
    }

    static void check(String field, String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String name = m.group(1);
            if (!NAMES.contains(name) && !name.startsWith("labels.")) {
                throw new IllegalArgumentException(field + ": unknown placeholder {{" + name + "}}; expected value, "
                        + "threshold, baseline, score, metric, rule or labels.NAME");
            }
        }
    }

    /** Fills {@code template}; a label the series lacks becomes empty. */
    public static String render(String template, WatchRule rule, Map<String, String> labels, RuleStatus status) {
        if (template.indexOf("{{") < 0) {
            return template;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = switch (name) {
                case "value" -> number(status.value());
                case "threshold" -> number(rule.threshold());
                case "baseline" -> number(status.baseline());
                case "score" -> number(status.score());
                case "metric" -> rule.metric();
                case "rule" -> rule.id();
                default -> labels.getOrDefault(name.substring("labels.".length()), "");
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Six significant digits, no exponent, no trailing zeros: 0.9, 1234.57, 12.5. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
