package dta.observatory.store.storage;

import java.util.Objects;

/** A sample on its way into storage: its series and one point. Timestamps are already resolved (never 0). */
public record StoredSample(SeriesKey series, long timestampMs, double value) {

    public StoredSample {
        Objects.requireNonNull(series, "series");
    }
}
