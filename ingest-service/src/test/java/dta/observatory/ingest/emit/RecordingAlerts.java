package dta.observatory.ingest.emit;

import dta.observatory.api.v1.NotifyRequest;
import dta.observatory.api.v1.NotifyResponse;
import dta.observatory.api.v1.MutinyAlertServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the alert service inside ingest's test application (the "alert" client points at the app). */
@GrpcService
public class RecordingAlerts extends MutinyAlertServiceGrpc.AlertServiceImplBase {

    static final List<NotifyRequest> NOTIFIED = new CopyOnWriteArrayList<>();

    @Override
    public Uni<NotifyResponse> notify(NotifyRequest request) {
        NOTIFIED.add(request);
        return Uni.createFrom().item(NotifyResponse.newBuilder().setAlertId("a" + NOTIFIED.size()).build());
    }
}
