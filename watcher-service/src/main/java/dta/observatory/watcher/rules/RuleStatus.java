package dta.observatory.watcher.rules;

/**
 * What the watcher remembers about a rule between evaluations.
 *
 * @param value the aggregate of the last full window (NaN when there was none)
 * @param detail why the rule has no data or is in error (empty otherwise)
 */
public record RuleStatus(RuleState state, double value, long lastEvaluatedMs, long lastNotifiedMs, String detail) {

    public static final RuleStatus INITIAL = new RuleStatus(RuleState.PENDING_FIRST_EVALUATION, Double.NaN, 0, 0, "");
}
