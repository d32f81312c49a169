package dta.observatory.watcher.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dta.observatory.support.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A rule as people write it, in REST JSON and in rule files (YAML): the one textual form of {@link WatchRule}.
 * {@code window} is a number of last values ({@code 100}) or a duration ({@code "5m"}); durations are written
 * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; {@code comparator} is a symbol such as {@code <}. The
 * AutoWatcher's settings ({@code sensitivity}, {@code method}, {@code direction}, {@code minPoints},
 * {@code seasonality}: {@code daily}, {@code weekly}, a period, or a list of those) sit next to the others when
 * {@code type} is {@code auto}. {@code source} is output only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleDocument(String id, String type, String metric, Map<String, String> matchers, Object window,
        String aggregate, String comparator, Double threshold, @JsonProperty("for") String forDuration,
        String keepFiringFor, String minInterval, List<String> channels, String severity, String summary,
        String description, Boolean perSeries, Boolean alertOnNoData, Double sensitivity, String method,
        String direction, Integer minPoints, Object seasonality, String source) {

    /** @param generatedId the id to use when the document has none */
    public WatchRule toRule(String generatedId) {
        WatchRule.Type t = type(type);
        int points = 0;
        Duration duration = Duration.ZERO;
        if (window instanceof Number n) {
            if (n.doubleValue() != n.intValue()) {
                throw new IllegalArgumentException("window must be a whole number of points, got " + n);
            }
            points = n.intValue();
            if (points < 0) {
                throw new IllegalArgumentException("window must not be negative, got " + points);
            }
            if (points == 0 && t == WatchRule.Type.THRESHOLD) {
                throw new IllegalArgumentException("window must be between 1 and " + WatchRule.MAX_WINDOW
                        + " points, got 0");
            }
        } else if (window instanceof String s && !s.isBlank()) {
            if (s.trim().startsWith("-")) {
                throw new IllegalArgumentException("window must not be negative, got '" + s + "'");
            }
            if (s.trim().chars().allMatch(Character::isDigit)) {
                points = Integer.parseInt(s.trim());
            } else {
                duration = duration("window", s);
                if (duration.isZero()) {
                    throw new IllegalArgumentException("window must be longer than 0, got '" + s + "'");
                }
            }
        } else if (window != null && !(window instanceof String)) {
            throw new IllegalArgumentException("window must be a number of points or a duration such as 5m");
        }
        if (t == WatchRule.Type.THRESHOLD && threshold == null) {
            throw new IllegalArgumentException("threshold is required");
        }
        AutoWatch auto = t == WatchRule.Type.AUTO
                ? new AutoWatch(sensitivity == null ? 0 : sensitivity, AutoWatch.Method.parse(method),
                        AutoWatch.Direction.parse(direction), minPoints == null ? 0 : minPoints,
                        Seasonality.parse(seasonality))
                : null;
        if (t != WatchRule.Type.AUTO && !Seasonality.parse(seasonality).isEmpty()) {
            throw new IllegalArgumentException("seasonality applies to AutoWatchers (type auto) only");
        }
        return new WatchRule(id == null || id.isBlank() ? generatedId : id, t, metric, matchers, points, duration,
                aggregate == null || t == WatchRule.Type.AUTO ? null : Aggregate.parse(aggregate),
                comparator == null || t == WatchRule.Type.AUTO ? null : Comparator.parse(comparator),
                threshold == null ? 0 : threshold, auto, duration("for", forDuration),
                duration("keepFiringFor", keepFiringFor), duration("minInterval", minInterval), channels, severity,
                summary, description, Boolean.TRUE.equals(perSeries), Boolean.TRUE.equals(alertOnNoData));
    }

    public static RuleDocument of(WatchRule r, String source) {
        Object window = r.windowDuration().isZero() ? (Object) r.windowPoints() : seconds(r.windowDuration());
        boolean auto = r.type() == WatchRule.Type.AUTO;
        return new RuleDocument(r.id(), r.type().name().toLowerCase(Locale.ROOT), r.metric(), r.matchers(), window,
                auto ? null : r.aggregate().wireName(), auto ? null : r.comparator().symbol(),
                auto ? null : r.threshold(), seconds(r.forDuration()), seconds(r.keepFiringFor()),
                seconds(r.minInterval()), r.channels(), r.severity(), r.summary(), r.description(), r.perSeries(),
                r.alertOnNoData(), auto ? r.auto().sensitivity() : null, auto ? r.auto().method().wireName() : null,
                auto ? r.auto().direction().wireName() : null, auto ? r.auto().minPoints() : null,
                auto && r.auto().seasonal() ? Seasonality.names(r.auto().seasonality()) : null, source);
    }

    private static WatchRule.Type type(String text) {
        if (text == null || text.isBlank() || text.equalsIgnoreCase("threshold")) {
            return WatchRule.Type.THRESHOLD;
        }
        if (text.equalsIgnoreCase("auto") || text.equalsIgnoreCase("autowatcher")) {
            return WatchRule.Type.AUTO;
        }
        throw new IllegalArgumentException("unknown rule type '" + text + "'; expected threshold or auto");
    }

    private static Duration duration(String name, String text) {
        if (text != null && text.trim().startsWith("-")) {
            throw new IllegalArgumentException(name + " must not be negative, got '" + text + "'");
        }
        return Duration.ofMillis(Durations.parseMillis(name, text));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
