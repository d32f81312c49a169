package dta.observatory.watcher.api;

import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.NoDataReason;
import dta.observatory.api.v1.NotifyRequest;
import dta.observatory.api.v1.NotifyResponse;
import dta.observatory.api.v1.RangeRequest;
import dta.observatory.api.v1.RangeResponse;
import dta.observatory.api.v1.Series;
import dta.observatory.api.v1.SliceBatchRequest;
import dta.observatory.api.v1.SliceBatchResponse;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.api.v1.SliceResponse;
import dta.observatory.api.v1.StoreBatchService;
import dta.observatory.api.v1.MutinyAlertServiceGrpc;
import dta.observatory.api.v1.MutinyStoreServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The watcher's two peers inside its own test application (in test mode Quarkus points every gRPC client at the
 * application itself): a store serving fixed series, an alert service recording what it is told. The real peers
 * are exercised across processes in e2e-tests.
 */
final class FakePeers {

    static final Map<String, Series> SERIES = new ConcurrentHashMap<>();
    static final List<Alert> NOTIFIED = new CopyOnWriteArrayList<>();
    static final java.util.concurrent.atomic.AtomicInteger RANGE_CALLS = new java.util.concurrent.atomic.AtomicInteger();

    private FakePeers() {
    }

    @GrpcService
    static class Store extends MutinyStoreServiceGrpc.StoreServiceImplBase {

        @Override
        public Uni<SliceResponse> slice(SliceRequest request) {
            return Uni.createFrom().item(answer(request));
        }

        @Override
        public Uni<RangeResponse> range(RangeRequest request) {
            RANGE_CALLS.incrementAndGet();
            Series series = SERIES.get(request.getMetric());
            if (series == null) {
                return Uni.createFrom().item(RangeResponse.newBuilder()
                        .setNoData(NoDataReason.NO_DATA_REASON_UNKNOWN_METRIC).build());
            }
            Series in = series.toBuilder().clearPoints().addAllPoints(series.getPointsList().stream()
                    .filter(p -> p.getTimestampMs() >= request.getFromMs() && p.getTimestampMs() <= request.getToMs())
                    .toList()).build();
            return Uni.createFrom().item(in.getPointsCount() == 0 ? RangeResponse.getDefaultInstance()
                    : RangeResponse.newBuilder().addSeries(in).build());
        }

        static SliceResponse answer(SliceRequest request) {
            Series series = SERIES.get(request.getMetric());
            if (series == null) {
                return SliceResponse.newBuilder().setNoData(NoDataReason.NO_DATA_REASON_UNKNOWN_METRIC).build();
            }
            int from = Math.max(0, series.getPointsCount() - request.getN());
            Series tail = series.toBuilder().clearPoints()
                    .addAllPoints(series.getPointsList().subList(from, series.getPointsCount())).build();
            return SliceResponse.newBuilder().addSeries(tail).build();
        }
    }

    @GrpcService
    static class StoreBatch implements StoreBatchService {

        @Override
        public Uni<SliceBatchResponse> sliceBatch(SliceBatchRequest request) {
            SliceBatchResponse.Builder reply = SliceBatchResponse.newBuilder();
            request.getItemsList().forEach(item -> reply.addResults(Store.answer(item)));
            return Uni.createFrom().item(reply.build());
        }
    }

    @GrpcService
    static class Alerts extends MutinyAlertServiceGrpc.AlertServiceImplBase {

        @Override
        public Uni<NotifyResponse> notify(NotifyRequest request) {
            NOTIFIED.add(request.getAlert());
            return Uni.createFrom().item(NotifyResponse.newBuilder().setAlertId("a-" + NOTIFIED.size()).build());
        }
    }
}
