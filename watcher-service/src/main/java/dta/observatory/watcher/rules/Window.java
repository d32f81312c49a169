package dta.observatory.watcher.rules;

/**
 * The values a rule is judged on: the last points of its metric (or of one series), oldest first, or why there
 * are none.
 *
 * @param values the values read (may be fewer than the rule's window)
 * @param timestampsMs their times, same length
 * @param noDataReason set when the store had nothing for the metric (e.g. "no metric named 'x'")
 */
public record Window(double[] values, long[] timestampsMs, String noDataReason) {

    public Window {
        if (values.length != timestampsMs.length) {
            throw new IllegalArgumentException("values and timestamps differ in length");
        }
    }

    public Window(double[] values, String noDataReason) {
        this(values, secondsApart(values.length), noDataReason);
    }

    /** Values one second apart (tests). */
    public static Window of(double... values) {
        return new Window(values, null);
    }

    public static Window noData(String reason) {
        return new Window(new double[0], new long[0], reason);
    }

    public int size() {
        return values.length;
    }

    private static long[] secondsApart(int n) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = (i + 1) * 1000L;
        }
        return ts;
    }
}
