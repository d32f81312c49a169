package dta.observatory.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.store.storage.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepAggregatorTest {

    private static final List<Point> POINTS = List.of(new Point(1000, 1), new Point(1500, 3), new Point(2100, 10),
            new Point(4000, 7));

    private static void check(Aggregation aggregation, double... expected) {
        assertThat(StepAggregator.aggregate(POINTS, 1000, 1000, aggregation)).extracting(Point::value)
                .containsExactly(java.util.Arrays.stream(expected).boxed().toArray(Double[]::new));
    }

    @Test
    void foldsEachBucketWithItsAggregate() {
        check(Aggregation.AVG, 2, 10, 7);
        check(Aggregation.MIN, 1, 10, 7);
        check(Aggregation.MAX, 3, 10, 7);
        check(Aggregation.SUM, 4, 10, 7);
        check(Aggregation.COUNT, 2, 1, 1);
        check(Aggregation.LAST, 3, 10, 7);
    }

    @Test
    void alignsBucketsOnTheRangeStartAndLeavesEmptyBucketsAsGaps() {
        assertThat(StepAggregator.aggregate(POINTS, 1000, 1000, Aggregation.COUNT)).extracting(Point::timestampMs)
                .containsExactly(1000L, 2000L, 4000L);
    }

    @Test
    void refusesANonPositiveStepAndUnknownAggregates() {
        assertThatThrownBy(() -> StepAggregator.aggregate(POINTS, 0, 0, Aggregation.AVG))
                .hasMessage("step must be positive, got 0 ms");
        assertThatThrownBy(() -> Aggregation.parse("median"))
                .hasMessageContaining("unknown aggregate 'median'");
    }
}
