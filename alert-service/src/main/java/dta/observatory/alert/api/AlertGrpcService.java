package dta.observatory.alert.api;

import dta.observatory.alert.alerts.AlertIntake;
import dta.observatory.alert.alerts.AlertLog;
import dta.observatory.alert.pipeline.AlertPipeline;
import dta.observatory.api.v1.AcknowledgeRequest;
import dta.observatory.api.v1.AlertRecord;
import dta.observatory.api.v1.AlertService;
import dta.observatory.api.v1.ListAlertsRequest;
import dta.observatory.api.v1.ListAlertsResponse;
import dta.observatory.api.v1.NotifyRequest;
import dta.observatory.api.v1.NotifyResponse;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** dta.v1.AlertService over gRPC: translation only, the logic is in the pipeline, task queue and outbox. */
@GrpcService
public class AlertGrpcService implements AlertService {

    private final AlertIntake intake;
    private final AlertLog log;
    private final AlertPipeline pipeline;

    AlertGrpcService(AlertIntake intake, AlertLog log, AlertPipeline pipeline) {
        this.intake = intake;
        this.log = log;
        this.pipeline = pipeline;
    }

    @Override
    public Uni<NotifyResponse> notify(NotifyRequest request) {
        return answer(() -> NotifyResponse.newBuilder()
                .setAlertId(intake.receive(AlertMapping.fromProto(request.getAlert())).id()).build());
    }

    @Override
    public Uni<ListAlertsResponse> listAlerts(ListAlertsRequest request) {
        int limit = request.getLimit() <= 0 ? 100 : request.getLimit();
        return answer(() -> ListAlertsResponse.newBuilder().addAllAlerts(
                log.list(request.getRuleId(), AlertMapping.status(request.getStatus()), request.getSinceMs(),
                        request.getUntilMs() == 0 ? Long.MAX_VALUE : request.getUntilMs(), limit).stream()
                        .map(AlertMapping::toProto).toList()).build());
    }

    @Override
    public Uni<AlertRecord> acknowledge(AcknowledgeRequest request) {
        return answer(() -> pipeline.acknowledge(request.getId(), request.getBy()).map(AlertMapping::toProto)
                .orElseThrow(() -> Status.NOT_FOUND.withDescription("no alert with id '" + request.getId() + "'")
                        .asRuntimeException()));
    }

    private static <T> Uni<T> answer(Supplier<T> call) {
        try {
            return Uni.createFrom().item(call.get());
        } catch (IllegalArgumentException | NullPointerException e) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (java.io.UncheckedIOException e) { // the journal could not be written: not recorded
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("alert not recorded: "
                    + e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }
}
