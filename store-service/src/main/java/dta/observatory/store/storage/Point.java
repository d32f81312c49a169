package dta.observatory.store.storage;

/** One value of a series at one instant (ms since epoch). */
public record Point(long timestampMs, double value) {
}
