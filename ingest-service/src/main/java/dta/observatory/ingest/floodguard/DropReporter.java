package dta.observatory.ingest.floodguard;

import java.util.function.LongSupplier;

/**
 * Turns the flood guard's drops into signals, once a second: a {@code dta.dropped} sample with the number dropped
 * in that second goes to the store, and the alert service hears of it at most once per {@code minIntervalMs}
 * (one alert for a flood, not one per drop). Seconds without drops write nothing.
 */
public final class DropReporter {

    /** The metric name of the per-second drop count and the rule id of its alert. */
    public static final String METRIC = "dta.dropped";

    /** Receives the per-second drop count (ingest appends it to the store). */
    public interface DropSink {
        void dropped(long count, long atMs);
    }

    /** Raises the {@code dta.dropped} alert. */
    public interface Alerter {
        void alert(long count, long atMs);
    }

    private final FloodGuard guard;
    private final long minIntervalMs;
    private final DropSink sink;
    private final Alerter alerter;
    private final LongSupplier clockMs;
    private long lastAlertMs = Long.MIN_VALUE;
    private long alerts;

    public DropReporter(FloodGuard guard, long minIntervalMs, DropSink sink, Alerter alerter, LongSupplier clockMs) {
        if (minIntervalMs < 0) {
            throw new IllegalArgumentException("minIntervalMs must not be negative, got " + minIntervalMs);
        }
        this.guard = guard;
        this.minIntervalMs = minIntervalMs;
        this.sink = sink;
        this.alerter = alerter;
        this.clockMs = clockMs;
    }

    /** Called once a second. Failures of the sink or alerter are the caller's to log; the count is not retried. */
    public synchronized void tick() {
        long dropped = guard.drainDropped();
        if (dropped == 0) {
            return;
        }
        long now = clockMs.getAsLong();
        boolean alertDue = lastAlertMs == Long.MIN_VALUE || now - lastAlertMs >= minIntervalMs;
        if (alertDue) {
            lastAlertMs = now;
            alerts++;
        }
        try {
            sink.dropped(dropped, now);
        } finally {
            if (alertDue) {
                alerter.alert(dropped, now);
            }
        }
    }

    /** Alerts raised since start. */
    public synchronized long alerts() {
        return alerts;
    }
}
