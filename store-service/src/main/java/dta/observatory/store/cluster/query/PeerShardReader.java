package dta.observatory.store.cluster.query;

import dta.observatory.api.v1.ListMetricsRequest;
import dta.observatory.api.v1.ShardLabelSetsRequest;
import dta.observatory.api.v1.ShardLabelSetsResponse;
import dta.observatory.api.v1.ShardLastPointsBatchRequest;
import dta.observatory.api.v1.ShardLastPointsRequest;
import dta.observatory.api.v1.ShardLastPointsResponse;
import dta.observatory.api.v1.ShardRangeRequest;
import dta.observatory.api.v1.ShardReadServiceGrpc;
import dta.observatory.store.storage.LabelQuery;
import dta.observatory.store.storage.LabelSets;
import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.RangeData;
import io.grpc.ManagedChannel;
import io.grpc.ConnectivityState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Another instance's shard, read over its ShardReadService with a short deadline per call, so a slow or dead
 * replica costs at most that long before the twin is asked. Any failure but INVALID_ARGUMENT (unreachable,
 * deadline, "not ready", internal error) is a {@link ShardReadException}.
 */
public final class PeerShardReader implements ShardReader {

    private final String address;
    /** Replaced when a call fails while not connected (see {@link #ask}). */
    private volatile ManagedChannel channel;
    private volatile ShardReadServiceGrpc.ShardReadServiceBlockingStub stub;
    private volatile boolean closed;
    private final long timeoutMs;

    /** @param address host:port of the peer's gRPC (= HTTP) port; the DNS name is resolved on each connect */
    public PeerShardReader(String address, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("peer query timeout must be positive, got " + timeout);
        }
        this.address = address;
        this.timeoutMs = timeout.toMillis();
        connect();
    }

    private void connect() {
        channel = NettyChannelBuilder.forTarget(address).usePlaintext().maxInboundMessageSize(256 * 1024 * 1024)
                .build();
        stub = ShardReadServiceGrpc.newBlockingStub(channel);
    }

    /**
     * A channel whose peer went away stays in reconnect back-off (up to two minutes) and fails every call at once,
     * even after the peer is back, as a restarted replica is. Replacing it costs one connection attempt.
     */
    private synchronized void reconnect(ManagedChannel failed) {
        if (closed || channel != failed) {
            return; // another thread replaced it already
        }
        connect();
        failed.shutdownNow();
    }

    @Override
    public String name() {
        return address;
    }

    private ShardReadServiceGrpc.ShardReadServiceBlockingStub call() {
        return stub.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private <T> T ask(Supplier<T> rpc) {
        ManagedChannel used = channel;
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            // A live peer answering "not ready" keeps its connection READY; any other UNAVAILABLE means not
            // connected: ask once more on a fresh connection.
            if (e.getStatus().getCode() != Status.Code.UNAVAILABLE
                    || used.getState(false) == ConnectivityState.READY) {
                throw failure(e);
            }
            reconnect(used);
            try {
                return rpc.get();
            } catch (StatusRuntimeException again) {
                throw failure(again);
            }
        }
    }

    private RuntimeException failure(StatusRuntimeException e) {
        Status s = e.getStatus();
        if (s.getCode() == Status.Code.INVALID_ARGUMENT) {
            return new IllegalArgumentException(s.getDescription(), e);
        }
        return new ShardReadException(address + ": " + s.getCode()
                + (s.getDescription() == null ? "" : ": " + s.getDescription()), e);
    }

    private static ShardLastPointsRequest slice(String metric, Map<String, String> matchers, int n) {
        return ShardLastPointsRequest.newBuilder().setMetric(metric).putAllMatchers(matchers).setN(n).build();
    }

    @Override
    public QueryResult lastPoints(String metric, Map<String, String> matchers, int n) {
        return ShardProto.lastPoints(ask(() -> call().lastPoints(slice(metric, matchers, n))));
    }

    @Override
    public List<QueryResult> lastPointsBatch(List<SliceItem> items) {
        ShardLastPointsBatchRequest.Builder b = ShardLastPointsBatchRequest.newBuilder();
        items.forEach(i -> b.addItems(slice(i.metric(), i.matchers(), i.n())));
        List<ShardLastPointsResponse> results = ask(() -> call().lastPointsBatch(b.build())).getResultsList();
        if (results.size() != items.size()) {
            throw new ShardReadException(address + ": answered " + results.size() + " of " + items.size() + " items");
        }
        List<QueryResult> out = new ArrayList<>(results.size());
        results.forEach(r -> out.add(ShardProto.lastPoints(r)));
        return out;
    }

    private static ShardRangeRequest range(String metric, Map<String, String> matchers, long fromMs, long toMs,
            boolean detailed) {
        return ShardRangeRequest.newBuilder().setMetric(metric).putAllMatchers(matchers).setFromMs(fromMs)
                .setToMs(toMs).setDetailed(detailed).build();
    }

    @Override
    public QueryResult range(String metric, Map<String, String> matchers, long fromMs, long toMs) {
        return ShardProto.range(ask(() -> call().range(range(metric, matchers, fromMs, toMs, false))));
    }

    @Override
    public RangeData rangeDetailed(String metric, Map<String, String> matchers, long fromMs, long toMs) {
        return ShardProto.rangeDetailed(ask(() -> call().range(range(metric, matchers, fromMs, toMs, true))));
    }

    @Override
    public List<MetricSummary> listMetrics(String prefix) {
        return ask(() -> call().listMetrics(ListMetricsRequest.newBuilder().setPrefix(prefix).build()))
                .getMetricsList().stream().map(ShardProto::metric).toList();
    }

    @Override
    public LabelSets labelSets(String label, LabelQuery query) {
        ShardLabelSetsResponse r = ask(() -> call().labelSets(ShardLabelSetsRequest.newBuilder()
                .setLabel(label == null ? "" : label).setMetric(query.metric()).putAllMatchers(query.matchers())
                .setFromMs(query.fromMs()).setToMs(query.toMs()).build()));
        LabelSets out = new LabelSets(label);
        out.addAll(r.getNamesList(), r.getValuesList());
        return out;
    }

    @Override
    public synchronized void close() {
        closed = true;
        channel.shutdownNow();
    }
}
