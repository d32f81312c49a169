package dta.observatory.watcher.rules;

/**
 * Judges one rule (or one series of it) on one window and moves it along inactive → pending → firing →
 * resolved, with {@code for}, {@code keepFiringFor} and the seed's {@code min_interval} throttle. Pure: the caller
 * reads the window and sends the notification it is told to.
 */
public final class RuleEvaluator {

    private RuleEvaluator() {
    }

    /** What to tell the alert service after an evaluation. */
    public enum Notification {
        NONE, FIRING, RESOLVED
    }

    /** The next status, and the notification due now. */
    public record Verdict(RuleStatus status, Notification notification) {

        public boolean sendAlert() {
            return notification == Notification.FIRING;
        }
    }

    /** The condition's outcome on one window: holds or not, with the numbers, or no data. */
    record Judgement(boolean holds, double value, double baseline, double score, String noData, String baselineKind) {

        Judgement(boolean holds, double value, double baseline, double score, String noData) {
            this(holds, value, baseline, score, noData, "");
        }
    }

    public static Verdict evaluate(WatchRule rule, Window window, RuleStatus previous, long nowMs) {
        return evaluate(rule, window, null, previous, nowMs);
    }

    /**
     * @param seasonal AutoWatchers with a seasonality: the points around the same instant in earlier seasons (null
     *     when they could not be had; the rolling baseline judges then)
     */
    public static Verdict evaluate(WatchRule rule, Window window, SeasonalSample seasonal, RuleStatus previous,
            long nowMs) {
        Judgement j = judge(rule, window, seasonal);
        if (j.noData() != null && !rule.alertOnNoData()) {
            if (previous.state() == RuleState.FIRING) {
                // Data vanished under a firing rule: it stops holding (resolves after keepFiringFor).
                return stopsHolding(rule, previous, j, nowMs);
            }
            return new Verdict(new RuleStatus(RuleState.NO_DATA, Double.NaN, Double.NaN, Double.NaN, nowMs,
                    previous.lastNotifiedMs(), 0, previous.lastHeldMs(), false, j.noData()), Notification.NONE);
        }
        return j.holds() || j.noData() != null ? holds(rule, previous, j, nowMs) : stopsHolding(rule, previous, j, nowMs);
    }

    static Judgement judge(WatchRule rule, Window window) {
        return judge(rule, window, null);
    }

    static Judgement judge(WatchRule rule, Window window, SeasonalSample seasonal) {
        if (window.size() == 0 && window.noDataReason() != null) {
            return new Judgement(false, Double.NaN, Double.NaN, Double.NaN, window.noDataReason());
        }
        if (rule.type() == WatchRule.Type.AUTO) {
            AutoWatch.Score s = rule.auto().score(window.values(), seasonal);
            if (s == null) {
                return new Judgement(false, Double.NaN, Double.NaN, Double.NaN, "AutoWatcher arming: "
                        + Math.max(0, window.size() - 1) + " of " + rule.auto().minPoints() + " points");
            }
            return new Judgement(s.anomaly(), s.value(), s.baseline(), s.score(), null, s.baselineKind());
        }
        boolean pointWindow = rule.windowDuration().isZero();
        int needed = pointWindow ? rule.windowPoints() : rule.aggregate().minPoints();
        if (window.size() < needed) {
            String detail = window.noDataReason() != null ? window.noDataReason()
                    : pointWindow ? "window not full: " + window.size() + " of " + needed + " points"
                    : "window has " + window.size() + " points in the last " + rule.windowDuration().toSeconds()
                            + "s, " + rule.aggregate().wireName() + " needs " + needed;
            return new Judgement(false, Double.NaN, Double.NaN, Double.NaN, detail);
        }
        double value = rule.aggregate().apply(window.values(), window.timestampsMs());
        if (Double.isNaN(value)) {
            return new Judgement(false, value, Double.NaN, Double.NaN, "rate over no elapsed time");
        }
        return new Judgement(rule.isBrokenBy(value), value, Double.NaN, Double.NaN, null);
    }

    private static Verdict holds(WatchRule rule, RuleStatus prev, Judgement j, long now) {
        boolean wasActive = prev.state() == RuleState.PENDING || prev.state() == RuleState.FIRING;
        long activeSince = wasActive && prev.activeSinceMs() != 0 ? prev.activeSinceMs() : now;
        String detail = j.noData() == null ? "" : j.noData();
        if (prev.state() != RuleState.FIRING && now - activeSince < rule.forDuration().toMillis()) {
            return new Verdict(new RuleStatus(RuleState.PENDING, j.value(), j.baseline(), j.score(), now,
                    prev.lastNotifiedMs(), activeSince, now, false, detail, j.baselineKind()), Notification.NONE);
        }
        boolean newFiring = prev.state() != RuleState.FIRING;
        boolean throttled = prev.lastNotifiedMs() != 0
                && now - prev.lastNotifiedMs() < rule.minInterval().toMillis();
        // A new episode or a reminder, unless min_interval has not passed since the last notification (recovering in
        // between does not reset it). A notification that failed to go out left lastNotifiedMs as it was, so it
        // is tried again next cycle.
        boolean notify = !throttled;
        boolean notified = notify || (!newFiring && prev.firingNotified());
        return new Verdict(new RuleStatus(RuleState.FIRING, j.value(), j.baseline(), j.score(), now,
                notify ? now : prev.lastNotifiedMs(), activeSince, now, notified, detail, j.baselineKind()),
                notify ? Notification.FIRING : Notification.NONE);
    }

    private static Verdict stopsHolding(WatchRule rule, RuleStatus prev, Judgement j, long now) {
        String detail = j.noData() == null ? "" : j.noData();
        if (prev.state() == RuleState.FIRING) {
            if (now - prev.lastHeldMs() < rule.keepFiringFor().toMillis()) {
                return new Verdict(new RuleStatus(RuleState.FIRING, j.value(), j.baseline(), j.score(), now,
                        prev.lastNotifiedMs(), prev.activeSinceMs(), prev.lastHeldMs(), prev.firingNotified(),
                        detail, j.baselineKind()), Notification.NONE);
            }
            return new Verdict(new RuleStatus(RuleState.RESOLVED, j.value(), j.baseline(), j.score(), now,
                    prev.lastNotifiedMs(), 0, prev.lastHeldMs(), false, detail, j.baselineKind()),
                    prev.firingNotified() ? Notification.RESOLVED : Notification.NONE);
        }
        RuleState next = prev.state() == RuleState.RESOLVED ? RuleState.RESOLVED : RuleState.INACTIVE;
        return new Verdict(new RuleStatus(next, j.value(), j.baseline(), j.score(), now, prev.lastNotifiedMs(), 0,
                prev.lastHeldMs(), false, detail, j.baselineKind()), Notification.NONE);
    }
}
