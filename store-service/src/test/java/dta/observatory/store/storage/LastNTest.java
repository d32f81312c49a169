package dta.observatory.store.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LastNTest {

    private static SeriesPoints series(String label, long... timestamps) {
        List<Point> points = new java.util.ArrayList<>();
        for (long t : timestamps) {
            points.add(new Point(t, t));
        }
        return new SeriesPoints(SeriesKey.of("m", Map.of("s", label)), points);
    }

    @Test
    void keepsTheNewestNPointsAcrossSeriesAndDropsSeriesWithNoneOfThem() {
        List<SeriesPoints> out = LastN.across(List.of(series("a", 1, 5, 9), series("b", 2, 3), series("c", 8, 10)), 3);
        assertThat(out).flatExtracting(SeriesPoints::points).extracting(Point::timestampMs)
                .containsExactlyInAnyOrder(8L, 9L, 10L);
        assertThat(out).extracting(s -> s.series().labels().get("s")).containsExactly("a", "c");
    }

    @Test
    void admitsOnlyAsManyPointsAtTheCutoffAsTheCountAllows() {
        List<SeriesPoints> out = LastN.across(List.of(series("a", 5, 6), series("b", 5, 5)), 3);
        assertThat(out).flatExtracting(SeriesPoints::points).hasSize(3);
    }

    @Test
    void takesTheTailOfASingleSeries() {
        List<SeriesPoints> out = LastN.across(List.of(series("a", 1, 2, 3, 4)), 2);
        assertThat(out.get(0).points()).extracting(Point::timestampMs).containsExactly(3L, 4L);
    }
}
