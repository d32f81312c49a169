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
import dta.observatory.store.cluster.ReplicaReadiness;
import dta.observatory.store.storage.Storage;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * {@link ShardReadHandler} served by the application on its gRPC port, over the local engine (the plain
 * {@link Storage} bean, never the cluster-wide one). Engine reads block, hence worker threads.
 */
@GrpcService
public class ShardReadGrpcService extends ShardReadHandler {

    ShardReadGrpcService(Storage engine, ReplicaReadiness readiness) {
        super(engine, readiness);
    }

    @Override
    @Blocking
    public void lastPoints(ShardLastPointsRequest request, StreamObserver<ShardLastPointsResponse> out) {
        super.lastPoints(request, out);
    }

    @Override
    @Blocking
    public void lastPointsBatch(ShardLastPointsBatchRequest request, StreamObserver<ShardLastPointsBatchResponse> out) {
        super.lastPointsBatch(request, out);
    }

    @Override
    @Blocking
    public void range(ShardRangeRequest request, StreamObserver<ShardRangeResponse> out) {
        super.range(request, out);
    }

    @Override
    @Blocking
    public void listMetrics(ListMetricsRequest request, StreamObserver<ListMetricsResponse> out) {
        super.listMetrics(request, out);
    }

    @Override
    @Blocking
    public void labelSets(ShardLabelSetsRequest request, StreamObserver<ShardLabelSetsResponse> out) {
        super.labelSets(request, out);
    }
}
