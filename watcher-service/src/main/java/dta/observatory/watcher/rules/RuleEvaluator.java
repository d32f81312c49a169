package dta.observatory.watcher.rules;

/**
 * Judges one rule on one window: the seed's loop body ({@code if len(data)==window and rule(data): fire()}) plus
 * the {@code min_interval} throttle. Pure: the caller reads the window, and sends the notification if told to.
 */
public final class RuleEvaluator {

    private RuleEvaluator() {
    }

    /** The next status, and whether a notification is due now. */
    public record Verdict(RuleStatus status, boolean sendAlert) {
    }

    public static Verdict evaluate(ThresholdRule rule, Window window, RuleStatus previous, long nowMs) {
        if (window.values().length < rule.windowPoints()) {
            String detail = window.noDataReason() != null ? window.noDataReason()
                    : "window not full: " + window.values().length + " of " + rule.windowPoints() + " points";
            return new Verdict(new RuleStatus(RuleState.NO_DATA, Double.NaN, nowMs, previous.lastNotifiedMs(), detail),
                    false);
        }
        double value = rule.aggregate().apply(window.values());
        if (!rule.isBrokenBy(value)) {
            return new Verdict(new RuleStatus(RuleState.OK, value, nowMs, previous.lastNotifiedMs(), ""), false);
        }
        boolean throttled = previous.lastNotifiedMs() != 0
                && nowMs - previous.lastNotifiedMs() < rule.minInterval().toMillis();
        long lastNotified = throttled ? previous.lastNotifiedMs() : nowMs;
        return new Verdict(new RuleStatus(RuleState.FIRING, value, nowMs, lastNotified, ""), !throttled);
    }
}
