package dta.observatory.watcher.rules;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * What the watcher remembers about a rule (or one series of it) between evaluations; persisted so a restart
 * neither fires a firing rule again as new nor loses a pending rule's {@code for} progress.
 *
 * @param value the value judged by the last evaluation (NaN when there was none)
 * @param baseline AutoWatcher: the baseline it was compared with (NaN otherwise)
 * @param score AutoWatcher: its distance from the baseline in standard deviations (NaN otherwise)
 * @param activeSinceMs since when the condition holds (0: it does not)
 * @param lastHeldMs the last evaluation at which the condition held (for {@code keepFiringFor})
 * @param firingNotified whether the current firing episode was notified (a resolve is sent only then)
 * @param detail why the rule has no data or is in error (empty otherwise)
 * @param baselineKind AutoWatcher: which baseline judged the value ({@code rolling}, {@code seasonal(1d)}, or
 *     {@code rolling (no history 1d earlier yet)}); empty otherwise
 */
public record RuleStatus(RuleState state, double value, double baseline, double score, long lastEvaluatedMs,
        long lastNotifiedMs, long activeSinceMs, long lastHeldMs, boolean firingNotified, String detail,
        String baselineKind) {

    public static final RuleStatus INITIAL = new RuleStatus(RuleState.PENDING_FIRST_EVALUATION, Double.NaN,
            Double.NaN, Double.NaN, 0, 0, 0, 0, false, "");

    @JsonCreator // the canonical form, also for state files saved before baselineKind existed
    public RuleStatus {
        detail = detail == null ? "" : detail;
        baselineKind = baselineKind == null ? "" : baselineKind;
    }

    public RuleStatus(RuleState state, double value, double baseline, double score, long lastEvaluatedMs,
            long lastNotifiedMs, long activeSinceMs, long lastHeldMs, boolean firingNotified, String detail) {
        this(state, value, baseline, score, lastEvaluatedMs, lastNotifiedMs, activeSinceMs, lastHeldMs,
                firingNotified, detail, "");
    }

    public RuleStatus withDetail(RuleState newState, long nowMs, String newDetail) {
        return new RuleStatus(newState, value, baseline, score, nowMs, lastNotifiedMs, activeSinceMs, lastHeldMs,
                firingNotified, newDetail, baselineKind);
    }

    /**
     * Same lifecycle position as {@code o}: only values and evaluation times differ, so nothing a restart needs
     * changed (lastHeldMs moves every cycle while firing; losing its latest value only shortens keepFiringFor; the
     * baseline kind is shown, not needed after a restart).
     */
    public boolean sameAs(RuleStatus o) {
        return o != null && state == o.state && lastNotifiedMs == o.lastNotifiedMs && activeSinceMs == o.activeSinceMs
                && firingNotified == o.firingNotified && detail.equals(o.detail);
    }
}
