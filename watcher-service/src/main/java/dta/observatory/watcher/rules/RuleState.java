package dta.observatory.watcher.rules;

/** Where a rule (or one series of a per-series rule) stands: inactive → pending → firing → resolved. */
public enum RuleState {
    /** Not evaluated yet. */
    PENDING_FIRST_EVALUATION,
    /** The condition does not hold. */
    INACTIVE,
    /** The condition holds, but not yet for the rule's {@code for}. */
    PENDING,
    /** The condition held for {@code for}; notified (or throttled by {@code minInterval}). */
    FIRING,
    /** The rule fired and the condition stopped holding (after {@code keepFiringFor}). */
    RESOLVED,
    /** The window is not full yet (or the metric has no data at all). */
    NO_DATA,
    /** The data could not be read. */
    ERROR;

    /** Which state speaks for a per-series rule: the most urgent of its series. */
    public int urgency() {
        return switch (this) {
            case FIRING -> 6;
            case PENDING -> 5;
            case ERROR -> 4;
            case RESOLVED -> 3;
            case INACTIVE -> 2;
            case NO_DATA -> 1;
            case PENDING_FIRST_EVALUATION -> 0;
        };
    }
}
