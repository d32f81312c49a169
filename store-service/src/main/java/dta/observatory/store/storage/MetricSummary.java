package dta.observatory.store.storage;

/** What the store knows about one metric name: how many series, and its newest point. */
public record MetricSummary(String name, int seriesCount, long lastTimestampMs, double lastValue) {
}
