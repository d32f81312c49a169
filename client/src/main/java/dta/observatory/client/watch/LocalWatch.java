package dta.observatory.client.watch;

import dta.observatory.api.v1.Point;
import dta.observatory.api.v1.Series;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.api.v1.SliceResponse;
import dta.observatory.api.v1.StoreServiceGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One rule written as a Java lambda, evaluated in this process exactly as the seed's loop does: pull the last
 * {@code window} values of the metric from the store; if the window is full and the rule holds, fire.
 */
public final class LocalWatch {

    private static final Logger LOG = Logger.getLogger(LocalWatch.class.getName());

    private final StoreServiceGrpc.StoreServiceBlockingStub store;
    private final String metric;
    private final int window;
    private final Predicate<double[]> rule;
    private final Runnable onFire;
    private final Duration callTimeout;

    public LocalWatch(StoreServiceGrpc.StoreServiceBlockingStub store, String metric, int window,
            Predicate<double[]> rule, Runnable onFire, Duration callTimeout) {
        if (window < 1 || window > 10_000) {
            throw new IllegalArgumentException("window must be between 1 and 10000, got " + window);
        }
        this.store = store;
        this.metric = metric;
        this.window = window;
        this.rule = rule;
        this.onFire = onFire;
        this.callTimeout = callTimeout;
    }

    /** One evaluation; returns true if it fired. Failures to read are logged and count as "did not fire". */
    public boolean evaluateOnce() {
        double[] values;
        try {
            values = lastValues();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "watch on {0}: store not readable: {1}", new Object[] {metric, e.getMessage()});
            return false;
        }
        if (values.length == window && rule.test(values)) {
            onFire.run();
            return true;
        }
        return false;
    }

    private double[] lastValues() {
        SliceResponse reply = store.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .slice(SliceRequest.newBuilder().setMetric(metric).setN(window).build());
        List<Point> points = new ArrayList<>();
        for (Series s : reply.getSeriesList()) {
            points.addAll(s.getPointsList());
        }
        points.sort(Comparator.comparingLong(Point::getTimestampMs));
        double[] values = new double[points.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = points.get(i).getValue();
        }
        return values;
    }
}
