package dta.observatory.store.storage;

import java.util.List;

/**
 * What a range holds for one series, split by resolution: raw points (ascending) and, for hours that have only
 * hourly roll-ups left, those roll-ups (ascending). Stepped aggregates read both exactly rather than the hour
 * averages a raw {@link Storage#range} returns for rolled hours.
 */
public record SeriesRange(SeriesKey series, List<Point> raw, List<HourRollup> hours) {

    public SeriesRange {
        raw = List.copyOf(raw);
        hours = List.copyOf(hours);
    }
}
