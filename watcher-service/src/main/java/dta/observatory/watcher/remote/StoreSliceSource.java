package dta.observatory.watcher.remote;

import dta.observatory.api.v1.NoDataReason;
import dta.observatory.api.v1.Point;
import dta.observatory.api.v1.Series;
import dta.observatory.api.v1.SliceBatchRequest;
import dta.observatory.api.v1.SliceBatchResponse;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.api.v1.SliceResponse;
import dta.observatory.api.v1.StoreBatchServiceGrpc;
import dta.observatory.support.GrpcPeerProbe;
import dta.observatory.watcher.evaluation.SliceSource;
import dta.observatory.watcher.rules.Window;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads rule windows with the store's SliceBatch over gRPC: one call per batch of rules. */
@ApplicationScoped
public class StoreSliceSource implements SliceSource {

    private final Channel channel;
    private final StoreBatchServiceGrpc.StoreBatchServiceBlockingStub store;

    public StoreSliceSource(@GrpcClient("store") Channel channel) {
        this.channel = channel;
        this.store = StoreBatchServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public List<Result> fetch(List<Query> queries) {
        SliceBatchRequest.Builder request = SliceBatchRequest.newBuilder();
        for (Query q : queries) {
            request.addItems(SliceRequest.newBuilder().setMetric(q.metric()).putAllMatchers(q.matchers()).setN(q.n())
                    .setSinceMs(q.sinceMs()));
        }
        SliceBatchResponse reply;
        try {
            reply = store.withDeadlineAfter(5, TimeUnit.SECONDS).sliceBatch(request.build());
        } catch (StatusRuntimeException e) {
            GrpcPeerProbe.retryConnectionSoon(channel);
            throw e;
        }
        if (reply.getResultsCount() != queries.size()) {
            throw new IllegalStateException("store answered " + reply.getResultsCount() + " slices for "
                    + queries.size() + " queries");
        }
        List<Result> out = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            out.add(result(queries.get(i), reply.getResults(i)));
        }
        return out;
    }

    private static Result result(Query q, SliceResponse reply) {
        if (reply.getNoData() == NoDataReason.NO_DATA_REASON_UNKNOWN_METRIC) {
            return Result.noData("no metric named '" + q.metric() + "'");
        }
        if (reply.getSeriesCount() == 0) {
            return Result.noData(q.sinceMs() > 0 ? "no point of '" + q.metric() + "' in the window" : "no data");
        }
        List<SeriesWindow> series = windows(reply.getSeriesList());
        return new Result(series, null);
    }

    /** The store's series as windows, oldest point first. */
    static List<SeriesWindow> windows(List<Series> list) {
        List<SeriesWindow> series = new ArrayList<>(list.size());
        for (Series s : list) {
            int n = s.getPointsCount();
            double[] values = new double[n];
            long[] ts = new long[n];
            for (int i = 0; i < n; i++) {
                Point p = s.getPoints(i);
                values[i] = p.getValue();
                ts[i] = p.getTimestampMs();
            }
            series.add(new SeriesWindow(s.getLabelsMap(), new Window(values, ts, null)));
        }
        return series;
    }
}
