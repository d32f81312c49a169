package dta.observatory.watcher.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A rule as data (a lambda cannot cross the wire): "fire when the {@code aggregate} of the last
 * {@code windowPoints} values of {@code metric} is {@code comparator threshold}". The constructor validates every
 * field and throws {@link IllegalArgumentException} naming the field.
 */
public record ThresholdRule(String id, String metric, Map<String, String> matchers, int windowPoints,
        Aggregate aggregate, Comparator comparator, double threshold, Duration minInterval, List<String> channels,
        String severity, String summary) {

    /** The seed's throttle: {@code min_interval=300 s}. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(300);
    public static final int MAX_WINDOW = 10_000;
    public static final List<String> DEFAULT_CHANNELS = List.of("webhook");
    public static final String DEFAULT_SEVERITY = "warning";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    public ThresholdRule {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id '" + id + "' must be 1-100 letters, digits, '_', '.' or '-'");
        }
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("metric is required");
        }
        if (windowPoints < 1 || windowPoints > MAX_WINDOW) {
            throw new IllegalArgumentException("window must be between 1 and " + MAX_WINDOW + " points, got "
                    + windowPoints);
        }
        if (aggregate == null) {
            throw new IllegalArgumentException("aggregate is required (avg, min, max, sum, count, last)");
        }
        if (comparator == null) {
            throw new IllegalArgumentException("comparator is required (<, <=, >, >=, ==, !=)");
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a finite number, got " + threshold);
        }
        minInterval = minInterval == null || minInterval.isZero() ? DEFAULT_MIN_INTERVAL : minInterval;
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative, got " + minInterval);
        }
        matchers = Map.copyOf(new TreeMap<>(matchers == null ? Map.of() : matchers));
        channels = channels == null || channels.isEmpty() ? DEFAULT_CHANNELS : List.copyOf(channels);
        severity = severity == null || severity.isBlank() ? DEFAULT_SEVERITY : severity;
        summary = summary == null || summary.isBlank()
                ? aggregate.wireName() + "(" + metric + ") " + comparator.symbol() + " " + threshold : summary;
    }

    /** True when the aggregate of {@code window} breaks the rule. */
    public boolean isBrokenBy(double aggregateValue) {
        return comparator.holds(aggregateValue, threshold);
    }
}
