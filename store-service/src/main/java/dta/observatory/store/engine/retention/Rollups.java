package dta.observatory.store.engine.retention;

import java.util.Arrays;

/**
 * Hourly aggregates of raw samples: per hour (aligned to UTC hours, timestamp = start of the hour) count, sum, min,
 * max and last. Roll-ups of the same hour from two sources combine exactly with {@link #merge}.
 */
public final class Rollups {

    public static final long HOUR_MS = 3_600_000L;
    public static final int COUNT = 0;
    public static final int SUM = 1;
    public static final int MIN = 2;
    public static final int MAX = 3;
    public static final int LAST = 4;
    public static final int COLUMNS = 5;

    private Rollups() {
    }

    /** Rows of hourly aggregates. */
    public record Rows(long[] hours, double[][] columns, int n) {
        public double avg(int i) {
            return columns[SUM][i] / columns[COUNT][i];
        }
    }

    public static long hourOf(long ts) {
        return Math.floorDiv(ts, HOUR_MS) * HOUR_MS;
    }

    /** Aggregates ascending samples. NaN values (staleness markers) count but do not move min/max. */
    public static Rows aggregate(long[] ts, double[] values, int n) {
        long[] hours = new long[n];
        double[][] cols = new double[COLUMNS][n];
        int rows = 0;
        for (int i = 0; i < n; i++) {
            long h = hourOf(ts[i]);
            double v = values[i];
            if (rows == 0 || hours[rows - 1] != h) {
                hours[rows] = h;
                cols[COUNT][rows] = 0;
                cols[SUM][rows] = 0;
                cols[MIN][rows] = Double.NaN;
                cols[MAX][rows] = Double.NaN;
                rows++;
            }
            int r = rows - 1;
            cols[COUNT][r] += 1;
            cols[SUM][r] += v;
            if (!Double.isNaN(v)) {
                cols[MIN][r] = Double.isNaN(cols[MIN][r]) ? v : Math.min(cols[MIN][r], v);
                cols[MAX][r] = Double.isNaN(cols[MAX][r]) ? v : Math.max(cols[MAX][r], v);
            }
            cols[LAST][r] = v;
        }
        double[][] trimmed = new double[COLUMNS][];
        for (int c = 0; c < COLUMNS; c++) {
            trimmed[c] = Arrays.copyOf(cols[c], rows);
        }
        return new Rows(Arrays.copyOf(hours, rows), trimmed, rows);
    }

    /** Merges two row sets; for an hour in both, counts and sums add, min/max combine, {@code newer}'s last wins. */
    public static Rows merge(Rows older, Rows newer) {
        if (older == null || older.n == 0) {
            return newer;
        }
        if (newer == null || newer.n == 0) {
            return older;
        }
        int cap = older.n + newer.n;
        long[] hours = new long[cap];
        double[][] cols = new double[COLUMNS][cap];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < older.n || j < newer.n) {
            if (j >= newer.n || (i < older.n && older.hours[i] < newer.hours[j])) {
                copy(older, i++, hours, cols, k++);
            } else if (i >= older.n || newer.hours[j] < older.hours[i]) {
                copy(newer, j++, hours, cols, k++);
            } else {
                copy(older, i, hours, cols, k);
                cols[COUNT][k] += newer.columns[COUNT][j];
                cols[SUM][k] += newer.columns[SUM][j];
                cols[MIN][k] = nanMin(cols[MIN][k], newer.columns[MIN][j]);
                cols[MAX][k] = nanMax(cols[MAX][k], newer.columns[MAX][j]);
                cols[LAST][k] = newer.columns[LAST][j];
                i++;
                j++;
                k++;
            }
        }
        double[][] trimmed = new double[COLUMNS][];
        for (int c = 0; c < COLUMNS; c++) {
            trimmed[c] = Arrays.copyOf(cols[c], k);
        }
        return new Rows(Arrays.copyOf(hours, k), trimmed, k);
    }

    private static void copy(Rows from, int i, long[] hours, double[][] cols, int k) {
        hours[k] = from.hours[i];
        for (int c = 0; c < COLUMNS; c++) {
            cols[c][k] = from.columns[c][i];
        }
    }

    private static double nanMin(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    private static double nanMax(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }
}
