package dta.observatory.store.cluster.query;

import dta.observatory.api.v1.ListMetricsRequest;
import dta.observatory.api.v1.ListMetricsResponse;
import dta.observatory.api.v1.ShardLabelSetsRequest;
import dta.observatory.api.v1.ShardLabelSetsResponse;
import dta.observatory.api.v1.ShardLastPointsBatchRequest;
import dta.observatory.api.v1.ShardLastPointsBatchResponse;
import dta.observatory.api.v1.ShardLastPointsRequest;
import dta.observatory.api.v1.ShardLastPointsResponse;
import dta.observatory.api.v1.ShardRangeRequest;
import dta.observatory.api.v1.ShardRangeResponse;
import dta.observatory.api.v1.ShardReadServiceGrpc;
import dta.observatory.store.cluster.ReplicaReadiness;
import dta.observatory.store.query.StoreQueries;
import dta.observatory.store.storage.LabelQuery;
import dta.observatory.store.storage.LabelSets;
import dta.observatory.store.storage.Storage;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * The ShardReadService of one instance: answers from this instance's own engine only (never asking other shards,
 * so a peer call cannot fan out again), and UNAVAILABLE "not ready" while the engine has not caught up with its
 * Kafka partitions, so that the caller asks the twin. Plain grpc-java, so tests can serve it on bare sockets;
 * {@link ShardReadGrpcService} serves it in the application.
 */
public class ShardReadHandler extends ShardReadServiceGrpc.ShardReadServiceImplBase {

    private final Storage engine;
    private final ReplicaReadiness readiness;

    public ShardReadHandler(Storage engine, ReplicaReadiness readiness) {
        this.engine = engine;
        this.readiness = readiness;
    }

    @Override
    public void lastPoints(ShardLastPointsRequest request, StreamObserver<ShardLastPointsResponse> out) {
        answer(out, () -> ShardProto.lastPoints(lastPoints(request)));
    }

    private dta.observatory.store.storage.QueryResult lastPoints(ShardLastPointsRequest request) {
        if (request.getN() < 1 || request.getN() > StoreQueries.MAX_SLICE_POINTS) {
            throw new IllegalArgumentException("n must be between 1 and " + StoreQueries.MAX_SLICE_POINTS + ", got "
                    + request.getN());
        }
        return engine.lastPoints(request.getMetric(), request.getMatchersMap(), request.getN());
    }

    @Override
    public void lastPointsBatch(ShardLastPointsBatchRequest request, StreamObserver<ShardLastPointsBatchResponse> out) {
        answer(out, () -> {
            ShardLastPointsBatchResponse.Builder b = ShardLastPointsBatchResponse.newBuilder();
            for (ShardLastPointsRequest item : request.getItemsList()) {
                b.addResults(ShardProto.lastPoints(lastPoints(item)));
            }
            return b.build();
        });
    }

    @Override
    public void range(ShardRangeRequest request, StreamObserver<ShardRangeResponse> out) {
        answer(out, () -> {
            if (request.getToMs() < request.getFromMs()) {
                throw new IllegalArgumentException("'to' (" + request.getToMs() + ") must not be before 'from' ("
                        + request.getFromMs() + ")");
            }
            return request.getDetailed()
                    ? ShardProto.rangeDetailed(engine.rangeDetailed(request.getMetric(), request.getMatchersMap(),
                            request.getFromMs(), request.getToMs()))
                    : ShardProto.range(engine.range(request.getMetric(), request.getMatchersMap(),
                            request.getFromMs(), request.getToMs()));
        });
    }

    @Override
    public void listMetrics(ListMetricsRequest request, StreamObserver<ListMetricsResponse> out) {
        answer(out, () -> {
            ListMetricsResponse.Builder b = ListMetricsResponse.newBuilder();
            engine.listMetrics(request.getPrefix()).forEach(m -> b.addMetrics(ShardProto.metric(m)));
            return b.build();
        });
    }

    @Override
    public void labelSets(ShardLabelSetsRequest request, StreamObserver<ShardLabelSetsResponse> out) {
        answer(out, () -> {
            String label = request.getLabel().isEmpty() ? null : request.getLabel();
            LabelSets sets = engine.labelSets(label, new LabelQuery(request.getMetric(), request.getMatchersMap(),
                    request.getFromMs(), request.getToMs()));
            return ShardLabelSetsResponse.newBuilder().addAllNames(sets.names())
                    .addAllValues(label == null ? java.util.List.of() : sets.values()).build();
        });
    }

    private <T> void answer(StreamObserver<T> out, Supplier<T> call) {
        if (!readiness.caughtUp()) {
            out.onError(Status.UNAVAILABLE.withDescription("not ready: still catching up with Kafka")
                    .asRuntimeException());
            return;
        }
        T reply;
        try {
            reply = call.get();
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
            return;
        }
        out.onNext(reply);
        out.onCompleted();
    }
}
