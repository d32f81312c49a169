package dta.observatory.watcher.rules;

/** Where a rule stands after an evaluation. */
public enum RuleState {
    /** Not evaluated yet. */
    PENDING_FIRST_EVALUATION,
    /** The condition does not hold. */
    OK,
    /** The condition holds. */
    FIRING,
    /** The window is not full yet (or the metric has no data at all). */
    NO_DATA,
    /** The data could not be read. */
    ERROR
}
