package dta.observatory.store.storage;

import java.util.List;

/** Every matching series of a range at both resolutions; {@code metricKnown} tells unknown metric from empty range. */
public record RangeData(List<SeriesRange> series, boolean metricKnown) {

    public RangeData {
        series = List.copyOf(series);
    }
}
