package dta.observatory.watcher.remote;

import dta.observatory.api.v1.NoDataReason;
import dta.observatory.api.v1.Point;
import dta.observatory.api.v1.Series;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.api.v1.SliceResponse;
import dta.observatory.api.v1.StoreServiceGrpc;
import dta.observatory.support.GrpcPeerProbe;
import dta.observatory.watcher.evaluation.SliceSource;
import dta.observatory.watcher.rules.Window;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Reads rule windows from the store's Slice over gRPC. */
@ApplicationScoped
public class StoreSliceSource implements SliceSource {

    private final Channel channel;
    private final StoreServiceGrpc.StoreServiceBlockingStub store;

    StoreSliceSource(@GrpcClient("store") Channel channel) {
        this.channel = channel;
        this.store = StoreServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public Window lastValues(String metric, Map<String, String> matchers, int n) {
        SliceResponse reply;
        try {
            reply = store.withDeadlineAfter(2, TimeUnit.SECONDS)
                    .slice(SliceRequest.newBuilder().setMetric(metric).putAllMatchers(matchers).setN(n).build());
        } catch (StatusRuntimeException e) {
            GrpcPeerProbe.retryConnectionSoon(channel);
            throw e;
        }
        if (reply.getNoData() == NoDataReason.NO_DATA_REASON_UNKNOWN_METRIC) {
            return Window.noData("no metric named '" + metric + "'");
        }
        // Several series share the window: read them as one stream of values in time order.
        List<Point> points = new ArrayList<>();
        for (Series s : reply.getSeriesList()) {
            points.addAll(s.getPointsList());
        }
        points.sort(Comparator.comparingLong(Point::getTimestampMs));
        double[] values = new double[points.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = points.get(i).getValue();
        }
        return Window.of(values);
    }
}
