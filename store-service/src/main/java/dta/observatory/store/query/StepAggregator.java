package dta.observatory.store.query;

import dta.observatory.store.storage.Point;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Buckets raw points into steps aligned on {@code fromMs} ({@code [from + k*step, from + (k+1)*step)}) and folds
 * each non-empty bucket with an {@link Aggregation}. Empty buckets produce no point, so gaps stay gaps.
 */
public final class StepAggregator {

    private StepAggregator() {
    }

    /** @param points ascending raw points, all within the queried window */
    public static List<Point> aggregate(List<Point> points, long fromMs, long stepMs, Aggregation aggregation) {
        if (stepMs <= 0) {
            throw new IllegalArgumentException("step must be positive, got " + stepMs + " ms");
        }
        List<Point> out = new ArrayList<>();
        double[] bucket = new double[16];
        int count = 0;
        long bucketStart = Long.MIN_VALUE;
        for (Point p : points) {
            long start = fromMs + Math.floorDiv(p.timestampMs() - fromMs, stepMs) * stepMs;
            if (start != bucketStart && count > 0) {
                out.add(new Point(bucketStart, aggregation.fold(bucket, count)));
                count = 0;
            }
            bucketStart = start;
            if (count == bucket.length) {
                bucket = Arrays.copyOf(bucket, count * 2);
            }
            bucket[count++] = p.value();
        }
        if (count > 0) {
            out.add(new Point(bucketStart, aggregation.fold(bucket, count)));
        }
        return out;
    }
}
