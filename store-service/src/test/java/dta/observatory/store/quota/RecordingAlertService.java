package dta.observatory.store.quota;

import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.MutinyAlertServiceGrpc;
import dta.observatory.api.v1.NotifyRequest;
import dta.observatory.api.v1.NotifyResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the alert service inside the store's test application (the "alert" client points at the app). */
@GrpcService
public class RecordingAlertService extends MutinyAlertServiceGrpc.AlertServiceImplBase {

    static final List<Alert> NOTIFIED = new CopyOnWriteArrayList<>();

    @Override
    public Uni<NotifyResponse> notify(NotifyRequest request) {
        NOTIFIED.add(request.getAlert());
        return Uni.createFrom().item(NotifyResponse.newBuilder().setAlertId("a" + NOTIFIED.size()).build());
    }
}
