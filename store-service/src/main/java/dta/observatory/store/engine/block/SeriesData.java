package dta.observatory.store.engine.block;

import dta.observatory.store.storage.SeriesKey;

/** One series' rows for a block: timestamps and one or more value columns, ascending, {@code n} rows. */
public record SeriesData(SeriesKey key, long[] ts, double[][] columns, int n) {
}
