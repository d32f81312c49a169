package dta.observatory.ingest.emit;

import dta.observatory.api.v1.AcknowledgeRequest;
import dta.observatory.api.v1.AlertRecord;
import dta.observatory.api.v1.AlertService;
import dta.observatory.api.v1.ListAlertsRequest;
import dta.observatory.api.v1.ListAlertsResponse;
import dta.observatory.api.v1.NotifyRequest;
import dta.observatory.api.v1.NotifyResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the alert service inside ingest's test application (the "alert" client points at the app). */
@GrpcService
public class RecordingAlerts implements AlertService {

    static final List<NotifyRequest> NOTIFIED = new CopyOnWriteArrayList<>();

    @Override
    public Uni<NotifyResponse> notify(NotifyRequest request) {
        NOTIFIED.add(request);
        return Uni.createFrom().item(NotifyResponse.newBuilder().setAlertId("a" + NOTIFIED.size()).build());
    }

    @Override
    public Uni<ListAlertsResponse> listAlerts(ListAlertsRequest request) {
        return Uni.createFrom().item(ListAlertsResponse.getDefaultInstance());
    }

    @Override
    public Uni<AlertRecord> acknowledge(AcknowledgeRequest request) {
        return Uni.createFrom().item(AlertRecord.getDefaultInstance());
    }
}
