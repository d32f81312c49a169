package dta.observatory.watcher.remote;

import dta.observatory.api.v1.RangeRequest;
import dta.observatory.api.v1.RangeResponse;
import dta.observatory.api.v1.StoreServiceGrpc;
import dta.observatory.support.GrpcPeerProbe;
import dta.observatory.watcher.evaluation.RangeSource;
import dta.observatory.watcher.evaluation.SliceSource;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Reads the AutoWatcher's seasonal history with the store's Range rpc (raw points, no step). */
@ApplicationScoped
public class StoreRangeSource implements RangeSource {

    private final Channel channel;
    private final StoreServiceGrpc.StoreServiceBlockingStub store;

    public StoreRangeSource(@GrpcClient("store") Channel channel) {
        this.channel = channel;
        this.store = StoreServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public SliceSource.Result range(String metric, Map<String, String> matchers, long fromMs, long toMs) {
        RangeResponse reply;
        try {
            reply = store.withDeadlineAfter(5, TimeUnit.SECONDS).range(RangeRequest.newBuilder().setMetric(metric)
                    .putAllMatchers(matchers).setFromMs(fromMs).setToMs(toMs).build());
        } catch (StatusRuntimeException e) {
            GrpcPeerProbe.retryConnectionSoon(channel);
            throw e;
        }
        if (reply.getSeriesCount() == 0) {
            return SliceSource.Result.noData("no point of '" + metric + "' in the past window");
        }
        return new SliceSource.Result(StoreSliceSource.windows(reply.getSeriesList()), null);
    }
}
