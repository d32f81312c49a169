package dta.observatory.store.storage;

/**
 * One hour of a series that is kept only as aggregates (its raw samples are past the raw retention, or were pruned
 * by the disk quota): how many samples the hour had, their sum, min, max and the last one.
 *
 * @param hourMs start of the UTC hour, ms since epoch
 */
public record HourRollup(long hourMs, long count, double sum, double min, double max, double last) {

    public static final long HOUR_MS = 3_600_000L;
}
