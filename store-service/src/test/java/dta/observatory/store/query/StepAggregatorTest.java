package dta.observatory.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.store.storage.HourRollup;
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

    private static final long H = HourRollup.HOUR_MS;

    private static List<Double> values(List<Point> points) {
        return points.stream().map(Point::value).toList();
    }

    @Test
    void rateIsThePerSecondIncreaseAndADropIsACounterReset() {
        // 10 -> 20 (+10), reset to 5 (+5: the counter restarted at 0), 5 -> 15 (+10): 25 over 30 s
        List<Point> counter = List.of(new Point(0, 10), new Point(10_000, 20), new Point(20_000, 5),
                new Point(30_000, 15));
        assertThat(values(StepAggregator.aggregate(counter, 0, 60_000, Aggregation.RATE)))
                .containsExactly(25.0 / 30);
    }

    @Test
    void rateOfEachBucketStartsFromThePreviousBucketsLastPointSoBucketsAddUpToTheWholeIncrease() {
        List<Point> counter = List.of(new Point(0, 10), new Point(10_000, 20), new Point(20_000, 5),
                new Point(30_000, 15));
        List<Point> rates = StepAggregator.aggregate(counter, 0, 20_000, Aggregation.RATE);
        // [0, 20 s): 10 -> 20 over 10 s; [20 s, 40 s): from 20 at 10 s: reset +5, then +10, over 20 s
        assertThat(rates).containsExactly(new Point(0, 1.0), new Point(20_000, 0.75));
        assertThat(1.0 * 10 + 0.75 * 20).as("the counter's whole increase").isEqualTo(25.0);
    }

    @Test
    void rateStartsItsFirstBucketFromAPointBeforeTheWindowAndGivesNoPointFromASinglePoint() {
        List<Point> withLookbehind = List.of(new Point(50_000, 100), new Point(70_000, 130));
        assertThat(StepAggregator.aggregate(withLookbehind, 60_000, 60_000, Aggregation.RATE))
                .containsExactly(new Point(60_000, 1.5));
        assertThat(StepAggregator.aggregate(List.of(new Point(70_000, 130)), 60_000, 60_000, Aggregation.RATE))
                .as("one point and nothing before it: the rate is undefined, the bucket stays a gap").isEmpty();
    }

    @Test
    void percentilesInterpolateLinearlyBetweenTheClosestRanks() {
        List<Point> tenValues = new java.util.ArrayList<>();
        for (int i = 10; i >= 1; i--) { // unsorted on purpose
            tenValues.add(new Point(1_000 + i, i));
        }
        // numpy.percentile(range(1, 11), [50, 90, 99]) == [5.5, 9.1, 9.91]
        assertThat(values(StepAggregator.aggregate(sortedByTime(tenValues), 0, 60_000, Aggregation.P50)))
                .containsExactly(5.5);
        assertThat(StepAggregator.aggregate(sortedByTime(tenValues), 0, 60_000, Aggregation.P90).get(0).value())
                .isCloseTo(9.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(StepAggregator.aggregate(sortedByTime(tenValues), 0, 60_000, Aggregation.P99).get(0).value())
                .isCloseTo(9.91, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(values(StepAggregator.aggregate(List.of(new Point(5, 42)), 0, 60_000, Aggregation.P99)))
                .as("one value is every percentile").containsExactly(42.0);
    }

    private static List<Point> sortedByTime(List<Point> points) {
        return points.stream().sorted(java.util.Comparator.comparingLong(Point::timestampMs)).toList();
    }

    @Test
    void rolledHoursCountWithTheirExactCountSumMinMaxAndLast() {
        // hour 0 is rolled up (4 samples: 1, 3, 2, 2), hour 1 has two raw samples 10 and 20
        List<HourRollup> hours = List.of(new HourRollup(0, 4, 8, 1, 3, 2));
        List<Point> raw = List.of(new Point(H + 1_000, 10), new Point(H + 2_000, 20));
        java.util.function.Function<Aggregation, List<Double>> twoHours =
                a -> values(StepAggregator.aggregate(raw, hours, 0, 2 * H, a));
        assertThat(twoHours.apply(Aggregation.AVG)).containsExactly(38.0 / 6);
        assertThat(twoHours.apply(Aggregation.COUNT)).containsExactly(6.0);
        assertThat(twoHours.apply(Aggregation.SUM)).containsExactly(38.0);
        assertThat(twoHours.apply(Aggregation.MIN)).containsExactly(1.0);
        assertThat(twoHours.apply(Aggregation.MAX)).containsExactly(20.0);
        assertThat(twoHours.apply(Aggregation.LAST)).containsExactly(20.0);
        // one-hour steps: the rolled hour is its own bucket
        assertThat(values(StepAggregator.aggregate(raw, hours, 0, H, Aggregation.AVG))).containsExactly(2.0, 15.0);
    }

    @Test
    void rateAcrossTheRollupBoundaryWorksFromEachHoursLastValue() {
        // a counter: hour 0 ends at 100, hour 1 at 460 (rolled), then raw 520 and, after a reset, 30
        List<HourRollup> hours = List.of(new HourRollup(0, 60, 3000, 40, 100, 100),
                new HourRollup(H, 60, 15000, 110, 460, 460));
        List<Point> raw = List.of(new Point(2 * H + 59_999, 520), new Point(2 * H + 119_999, 30));
        List<Point> rates = StepAggregator.aggregate(raw, hours, 0, H, Aggregation.RATE);
        // each rolled hour's last is taken at the hour's end (hour start + 1 h - 1 ms)
        assertThat(rates).extracting(Point::timestampMs).containsExactly(H, 2 * H);
        assertThat(rates.get(0).value()).isEqualTo(360.0 / 3600);
        assertThat(rates.get(1).value()).isEqualTo((60.0 + 30) / 120);
    }

    @Test
    void percentilesRefuseRolledHours() {
        assertThatThrownBy(() -> StepAggregator.aggregate(List.of(new Point(H, 1)),
                List.of(new HourRollup(0, 4, 8, 1, 3, 2)), 0, H, Aggregation.P90))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p90 needs raw samples, but the range reaches hours kept only as hourly roll-ups");
    }
}
