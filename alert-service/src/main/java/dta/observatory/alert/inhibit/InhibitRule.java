package dta.observatory.alert.inhibit;

import dta.observatory.alert.routing.Matcher;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * While an alert matching {@code source} fires, alerts matching {@code target} that carry the same values of the
 * {@code equal} labels are muted. The default: a firing critical mutes the warnings about the same metric.
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<String> equal) {

    public static final InhibitRule CRITICAL_MUTES_WARNING = new InhibitRule(List.of(Matcher.parse("severity=critical")),
            List.of(Matcher.parse("severity=warning")), List.of("metric"));

    public InhibitRule {
        if (source.isEmpty() || target.isEmpty()) {
            throw new IllegalArgumentException("an inhibit rule needs source and target matchers");
        }
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
    }

    /**
     * Parses {@code source matchers -> target matchers [| equal labels]}, e.g.
     * {@code severity=critical -> severity=warning | metric}; matchers and labels comma-separated.
     */
    public static InhibitRule parse(String text) {
        String[] sides = text.split("->");
        if (sides.length != 2) {
            throw new IllegalArgumentException("inhibit rule must be 'source -> target [| equal,labels]', got '"
                    + text + "'");
        }
        String[] targetAndEqual = sides[1].split("\\|");
        List<String> equal = targetAndEqual.length > 1 ? List.of(targetAndEqual[1].trim().split("\\s*,\\s*"))
                : List.of();
        return new InhibitRule(matchers(sides[0]), matchers(targetAndEqual[0]),
                equal.stream().filter(s -> !s.isEmpty()).toList());
    }

    private static List<Matcher> matchers(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Matcher::parse).toList();
    }

    /** Whether a firing alert with {@code sourceLabels} mutes one with {@code targetLabels}. */
    public boolean mutes(Map<String, String> sourceLabels, Map<String, String> targetLabels) {
        if (!Matcher.all(target, targetLabels) || !Matcher.all(source, sourceLabels)
                || Matcher.all(target, sourceLabels) && Matcher.all(source, targetLabels)) {
            return false; // an alert never inhibits itself or its own kind
        }
        for (String label : equal) {
            if (!Objects.equals(sourceLabels.get(label), targetLabels.get(label))) {
                return false;
            }
        }
        return true;
    }
}
