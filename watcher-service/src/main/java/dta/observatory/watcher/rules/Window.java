package dta.observatory.watcher.rules;

/**
 * The values a rule is judged on: the last points of its metric, oldest first, or why there are none.
 *
 * @param values the values read (may be fewer than the rule's window)
 * @param noDataReason set when the store had nothing for the metric (e.g. "no metric named 'x'")
 */
public record Window(double[] values, String noDataReason) {

    public static Window of(double... values) {
        return new Window(values, null);
    }

    public static Window noData(String reason) {
        return new Window(new double[0], reason);
    }
}
