package dta.observatory.store.storage;

import java.util.List;

/** The points of one series returned by a query, in ascending time order. */
public record SeriesPoints(SeriesKey series, List<Point> points) {

    public SeriesPoints {
        points = List.copyOf(points);
    }
}
