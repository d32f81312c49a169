package dta.observatory.store.storage;

import java.util.List;

/** Series found by a query, or an explicit reason why there are none. */
public record QueryResult(List<SeriesPoints> series, NoData noData) {

    public QueryResult {
        series = List.copyOf(series);
    }

    public static QueryResult of(List<SeriesPoints> series, boolean metricKnown) {
        boolean anyPoint = series.stream().anyMatch(s -> !s.points().isEmpty());
        if (anyPoint) {
            return new QueryResult(series, NoData.NONE);
        }
        return new QueryResult(List.of(), metricKnown ? NoData.EMPTY_RANGE : NoData.UNKNOWN_METRIC);
    }
}
