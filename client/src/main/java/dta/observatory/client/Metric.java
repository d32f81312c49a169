package dta.observatory.client;

import java.util.Map;
import java.util.Objects;

/**
 * One value of a metric, as in the seed's {@code Metric(name, value, ts)}. The timestamp defaults to the moment
 * the metric is created, in milliseconds since the epoch.
 *
 * @param name metric name, e.g. {@code permit.pay.ok}
 * @param value the observed value; must be finite
 * @param timestampMs ms since epoch
 * @param labels dimensions of the series (may be empty)
 */
public record Metric(String name, double value, long timestampMs, Map<String, String> labels) {

    public Metric {
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A metric observed now, without labels. */
    public Metric(String name, double value) {
        this(name, value, System.currentTimeMillis(), Map.of());
    }

    /** A metric observed now, with labels. */
    public Metric(String name, double value, Map<String, String> labels) {
        this(name, value, System.currentTimeMillis(), labels);
    }
}
