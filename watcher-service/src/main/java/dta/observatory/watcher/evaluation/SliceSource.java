package dta.observatory.watcher.evaluation;

import dta.observatory.watcher.rules.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads rule windows: the store's SliceBatch over gRPC in the service, a fake in unit tests. One call answers many
 * queries, so a cycle over 10,000 rules costs a few round trips, not 10,000.
 */
public interface SliceSource {

    /**
     * @param metric metric name
     * @param matchers label equality matchers
     * @param n at most this many newest points over all matching series together
     * @param sinceMs only points at or after this instant (0: no bound)
     */
    record Query(String metric, Map<String, String> matchers, int n, long sinceMs) {
    }

    /** The points of one series, oldest first. */
    record SeriesWindow(Map<String, String> labels, Window window) {
    }

    /**
     * The answer to one query.
     *
     * @param noDataReason set when nothing was found (e.g. "no metric named 'x'")
     */
    record Result(List<SeriesWindow> series, String noDataReason) {

        public static Result noData(String reason) {
            return new Result(List.of(), reason);
        }

        /** Every series read as one stream of values in time order, the newest {@code n} of them. */
        public Window merged(int n) {
            if (series.isEmpty()) {
                return Window.noData(noDataReason == null ? "no data" : noDataReason);
            }
            if (series.size() == 1) {
                return series.get(0).window();
            }
            List<long[]> order = new ArrayList<>();
            int total = 0;
            for (int s = 0; s < series.size(); s++) {
                Window w = series.get(s).window();
                for (int i = 0; i < w.size(); i++) {
                    order.add(new long[] {w.timestampsMs()[i], s, i});
                }
                total += w.size();
            }
            order.sort((a, b) -> Long.compare(a[0], b[0]));
            int keep = Math.min(n, total);
            double[] values = new double[keep];
            long[] ts = new long[keep];
            for (int k = 0; k < keep; k++) {
                long[] o = order.get(total - keep + k);
                values[k] = series.get((int) o[1]).window().values()[(int) o[2]];
                ts[k] = o[0];
            }
            return new Window(values, ts, null);
        }
    }

    /**
     * @return one result per query, in the same order
     * @throws RuntimeException when the data cannot be read (those rules go to ERROR for this cycle)
     */
    List<Result> fetch(List<Query> queries);
}
