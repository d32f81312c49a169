package dta.observatory.store.quota;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Decides when the disk-quota warning goes to the alert service: a FIRING when usage is above the warning ratio,
 * repeated at most once per {@code minInterval} while it stays above (the engine reports on every maintenance
 * run), and one RESOLVED when it drops back. A FIRING that could not be delivered is sent again on the next report
 * rather than after {@code minInterval}. Plain Java; thread-safe (reports come from the engine's maintenance
 * thread, delivery failures from the gRPC client's).
 */
public final class DiskQuotaAlerts {

    /** The rule id every disk-quota alert carries. */
    public static final String RULE_ID = "dta.store.disk-quota";

    private final Duration minInterval;
    private final double threshold;
    private final Clock clock;
    private final Consumer<DiskAlert> sender;

    private boolean firing;
    /** When the last FIRING was handed to the sender; {@code null} when none is outstanding. */
    private Long lastFiringMs;

    /**
     * @param threshold the engine's warning ratio, reported as the alert's threshold
     * @param sender    hands an alert to the alert service without blocking; calls {@link #deliveryFailed} when
     *                  it could not
     */
    public DiskQuotaAlerts(Duration minInterval, double threshold, Clock clock, Consumer<DiskAlert> sender) {
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative, got " + minInterval);
        }
        this.minInterval = minInterval;
        this.threshold = threshold;
        this.clock = clock;
        this.sender = sender;
    }

    /** Usage is above the warning ratio (called on every maintenance run while it is). */
    public void high(long usedBytes, long maxBytes) {
        DiskAlert alert;
        synchronized (this) {
            long now = clock.millis();
            if (firing && lastFiringMs != null && now - lastFiringMs < minInterval.toMillis()) {
                return;
            }
            firing = true;
            lastFiringMs = now;
            alert = new DiskAlert(true, usedBytes, maxBytes, threshold, now);
        }
        sender.accept(alert);
    }

    /** Usage dropped back to or below the warning ratio. */
    public void normal(long usedBytes, long maxBytes) {
        DiskAlert alert;
        synchronized (this) {
            if (!firing) {
                return;
            }
            firing = false;
            lastFiringMs = null;
            alert = new DiskAlert(false, usedBytes, maxBytes, threshold, clock.millis());
        }
        sender.accept(alert);
    }

    /** The sender could not deliver {@code alert}: a FIRING is sent again on the next report. */
    public synchronized void deliveryFailed(DiskAlert alert) {
        if (alert.firing() && firing) {
            lastFiringMs = null;
        }
    }
}
