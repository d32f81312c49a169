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
import dta.observatory.alert.dispatch.Dispatcher;
import dta.observatory.alert.hitl.Task;
import dta.observatory.alert.hitl.TaskQueue;
import dta.observatory.alert.outbox.Outbox;
import dta.observatory.api.v1.CreateSilenceRequest;
import dta.observatory.api.v1.ExpireSilenceRequest;
import dta.observatory.api.v1.ListChannelsRequest;
import dta.observatory.api.v1.ListChannelsResponse;
import dta.observatory.api.v1.ListDeadLettersRequest;
import dta.observatory.api.v1.ListDeadLettersResponse;
import dta.observatory.api.v1.ListSilencesRequest;
import dta.observatory.api.v1.ListSilencesResponse;
import dta.observatory.api.v1.ListTasksRequest;
import dta.observatory.api.v1.ListTasksResponse;
import dta.observatory.api.v1.UpdateTaskRequest;
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
    private final TaskQueue tasks;
    private final Dispatcher dispatcher;
    private final Outbox outbox;

    AlertGrpcService(AlertIntake intake, AlertLog log, AlertPipeline pipeline, TaskQueue tasks,
            Dispatcher dispatcher, Outbox outbox) {
        this.intake = intake;
        this.log = log;
        this.pipeline = pipeline;
        this.tasks = tasks;
        this.dispatcher = dispatcher;
        this.outbox = outbox;
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

    @Override
    public Uni<ListSilencesResponse> listSilences(ListSilencesRequest request) {
        long now = System.currentTimeMillis();
        return answer(() -> ListSilencesResponse.newBuilder().addAllSilences(pipeline.silences().list().stream()
                .map(s -> GrpcAdminMapping.silence(s, now)).toList()).build());
    }

    @Override
    public Uni<dta.observatory.api.v1.Silence> createSilence(CreateSilenceRequest request) {
        return answer(() -> GrpcAdminMapping.silence(pipeline.createSilence(request.getMatchersList(),
                request.getStartsAtMs(), request.getEndsAtMs(), request.getCreatedBy(), request.getComment()),
                System.currentTimeMillis()));
    }

    @Override
    public Uni<dta.observatory.api.v1.Silence> expireSilence(ExpireSilenceRequest request) {
        return answer(() -> pipeline.expireSilence(request.getId())
                .map(s -> GrpcAdminMapping.silence(s, System.currentTimeMillis()))
                .orElseThrow(() -> Status.NOT_FOUND.withDescription("no silence with id '" + request.getId() + "'")
                        .asRuntimeException()));
    }

    @Override
    public Uni<ListTasksResponse> listTasks(ListTasksRequest request) {
        return answer(() -> {
            Task.State state = null;
            if (!request.getState().isBlank()) {
                try {
                    state = Task.State.valueOf(request.getState().trim().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("state must be open, claimed or done, got '"
                            + request.getState() + "'");
                }
            }
            return ListTasksResponse.newBuilder().addAllTasks(tasks.list(state).stream()
                    .map(GrpcAdminMapping::task).toList()).build();
        });
    }

    @Override
    public Uni<dta.observatory.api.v1.Task> updateTask(UpdateTaskRequest request) {
        return answer(() -> {
            try {
                Task t = switch (request.getAction()) {
                    case "claim" -> tasks.claim(request.getId(), request.getBy());
                    case "comment" -> tasks.comment(request.getId(), request.getBy(), request.getText());
                    case "close" -> tasks.close(request.getId(), request.getBy(), request.getText());
                    default -> throw new IllegalArgumentException("action must be claim, comment or close, got '"
                            + request.getAction() + "'");
                };
                return GrpcAdminMapping.task(t);
            } catch (java.util.NoSuchElementException e) {
                throw Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException();
            } catch (IllegalStateException e) {
                throw Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
            }
        });
    }

    @Override
    public Uni<ListChannelsResponse> listChannels(ListChannelsRequest request) {
        return answer(() -> {
            var pending = outbox.pendingByChannel();
            return ListChannelsResponse.newBuilder().addAllChannels(dispatcher.status().stream()
                    .map(s -> GrpcAdminMapping.channel(s, pending.getOrDefault(s.channel(), 0))).toList())
                    .setPending(outbox.depth()).setOldestPendingAgeMs(outbox.oldestPendingAgeMs(
                            System.currentTimeMillis())).build();
        });
    }

    @Override
    public Uni<ListDeadLettersResponse> listDeadLetters(ListDeadLettersRequest request) {
        return answer(() -> ListDeadLettersResponse.newBuilder().addAllDeadLetters(outbox.deadLetters().stream()
                .map(GrpcAdminMapping::deadLetter).toList()).build());
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
