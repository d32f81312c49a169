package dta.observatory.store.storage;

/** Why a query returned no points. A query that found data says {@link #NONE}. */
public enum NoData {
    /** Data was found. */
    NONE,
    /** No series of that metric (and matchers) exists: often a misspelt name. */
    UNKNOWN_METRIC,
    /** The metric exists but has no point in the requested window. */
    EMPTY_RANGE
}
