package dta.observatory.store.query;

import dta.observatory.store.storage.HourRollup;
import dta.observatory.store.storage.Point;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Buckets the points of one series into steps aligned on {@code fromMs} ({@code [from + k*step, from + (k+1)*step)})
 * and folds each non-empty bucket with an {@link Aggregation}. Empty buckets produce no point, so gaps stay gaps;
 * so does a bucket whose aggregate is undefined (a rate from a single point with nothing before it).
 *
 * <p>Hours kept only as roll-ups join the bucket their hour starts in, with their exact count, sum, min, max and
 * last (so avg = sum of sums / sum of counts). A rate reads a rolled hour as its last value, observed at the end of
 * the hour; a counter reset inside a rolled hour is invisible. Percentiles need raw samples and refuse roll-ups.
 *
 * <p>Rate, per bucket: the increase from the point before the bucket's first point (the previous bucket's last,
 * or a point before {@code fromMs} the caller passes for that purpose) to the bucket's last point, summing every
 * step between consecutive points, where a value lower than the one before it is a counter reset and counts as
 * increase from 0 (as Prometheus' rate()); divided by the seconds between those two points. No extrapolation to
 * the bucket edges (as VictoriaMetrics' rate), so consecutive buckets add up to the counter's whole increase.
 *
 * <p>Percentiles: linear interpolation between the closest ranks of the bucket's sorted values, rank =
 * {@code q * (n - 1)} (numpy's default; the watcher's p50/p90/p99 use the same method).
 */
public final class StepAggregator {

    private StepAggregator() {
    }

    /** @param points ascending raw points, all within the queried window */
    public static List<Point> aggregate(List<Point> points, long fromMs, long stepMs, Aggregation aggregation) {
        return aggregate(points, List.of(), fromMs, stepMs, aggregation);
    }

    /**
     * @param raw   ascending raw points; those before {@code fromMs} are not bucketed, they only give a rate the
     *              value its first bucket starts from
     * @param hours ascending roll-up hours (hours before {@code fromMs} likewise)
     * @throws IllegalArgumentException for a percentile over roll-up hours, or a step that is not positive
     */
    public static List<Point> aggregate(List<Point> raw, List<HourRollup> hours, long fromMs, long stepMs,
            Aggregation aggregation) {
        if (stepMs <= 0) {
            throw new IllegalArgumentException("step must be positive, got " + stepMs + " ms");
        }
        if (aggregation.needsRawSamples() && hours.stream().anyMatch(h -> h.hourMs() >= fromMs)) {
            throw new IllegalArgumentException(aggregation.wireName() + " needs raw samples, but the range reaches "
                    + "hours kept only as hourly roll-ups");
        }
        List<Point> out = new ArrayList<>();
        Bucket bucket = new Bucket(aggregation);
        Counter counter = new Counter();
        int i = 0;
        int j = 0;
        while (i < raw.size() || j < hours.size()) {
            boolean hourFirst = i >= raw.size()
                    || (j < hours.size() && hours.get(j).hourMs() <= raw.get(i).timestampMs());
            long t = hourFirst ? hours.get(j).hourMs() : raw.get(i).timestampMs();
            if (t < fromMs) { // before the window: only the rate's starting value
                if (hourFirst) {
                    counter.observe(hours.get(j++), null);
                } else {
                    counter.observe(raw.get(i++), null);
                }
                continue;
            }
            long start = fromMs + Math.floorDiv(t - fromMs, stepMs) * stepMs;
            if (start != bucket.start) {
                bucket.emitTo(out);
                bucket.reset(start);
            }
            if (hourFirst) {
                HourRollup h = hours.get(j++);
                bucket.add(h);
                counter.observe(h, bucket);
            } else {
                Point p = raw.get(i++);
                bucket.add(p.value());
                counter.observe(p, bucket);
            }
        }
        bucket.emitTo(out);
        return out;
    }

    /** The rate's running state across buckets: the last value seen and when. */
    private static final class Counter {
        private boolean seen;
        private double value;
        private long atMs;

        void observe(Point p, Bucket bucket) {
            observe(p.value(), p.timestampMs(), bucket);
        }

        void observe(HourRollup h, Bucket bucket) {
            // the hour's last sample is somewhere in the hour; its end is the closest guess for a regular series
            observe(h.last(), h.hourMs() + HourRollup.HOUR_MS - 1, bucket);
        }

        private void observe(double v, long ts, Bucket bucket) {
            if (bucket != null) {
                if (seen) {
                    bucket.increase += v >= value ? v - value : v; // a drop is a reset: the counter restarted at 0
                }
                if (bucket.spanStartMs == Long.MIN_VALUE) {
                    bucket.spanStartMs = seen ? atMs : ts;
                }
                bucket.spanEndMs = ts;
            }
            seen = true;
            value = v;
            atMs = ts;
        }
    }

    /** One bucket being filled. */
    private static final class Bucket {
        private final Aggregation aggregation;
        long start = Long.MIN_VALUE;
        private boolean empty = true;
        private double count;
        private double sum;
        private double min;
        private double max;
        private double last;
        private double[] values = new double[16];
        private int n;
        double increase;
        long spanStartMs;
        long spanEndMs;

        Bucket(Aggregation aggregation) {
            this.aggregation = aggregation;
        }

        void reset(long newStart) {
            start = newStart;
            empty = true;
            count = 0;
            sum = 0;
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
            n = 0;
            increase = 0;
            spanStartMs = Long.MIN_VALUE;
            spanEndMs = Long.MIN_VALUE;
        }

        void add(double v) {
            empty = false;
            count++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            last = v;
            if (aggregation.needsRawSamples()) {
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = v;
            }
        }

        void add(HourRollup h) {
            empty = false;
            count += h.count();
            sum += h.sum();
            if (!Double.isNaN(h.min())) {
                min = Math.min(min, h.min());
            }
            if (!Double.isNaN(h.max())) {
                max = Math.max(max, h.max());
            }
            last = h.last();
        }

        void emitTo(List<Point> out) {
            if (empty) {
                return;
            }
            double v = result();
            if (!Double.isNaN(v)) {
                out.add(new Point(start, v));
            }
        }

        private double result() {
            return switch (aggregation) {
                case AVG -> sum / count;
                case SUM -> sum;
                case COUNT -> count;
                case LAST -> last;
                case MIN -> min == Double.POSITIVE_INFINITY ? Double.NaN : min;
                case MAX -> max == Double.NEGATIVE_INFINITY ? Double.NaN : max;
                case RATE -> spanEndMs > spanStartMs ? increase * 1000.0 / (spanEndMs - spanStartMs) : Double.NaN;
                case P50, P90, P99 -> quantile(values, n, aggregation.quantile());
            };
        }
    }

    /** Linear interpolation between the closest ranks, as numpy's default; sorts {@code values[0..n)} in place. */
    static double quantile(double[] values, int n, double q) {
        Arrays.sort(values, 0, n);
        double rank = q * (n - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, n - 1);
        return values[lo] + (rank - lo) * (values[hi] - values[lo]);
    }
}
