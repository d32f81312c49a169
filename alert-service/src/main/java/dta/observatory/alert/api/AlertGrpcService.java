package dta.observatory.alert.api;

import dta.observatory.alert.alerts.AlertIntake;
import dta.observatory.alert.alerts.AlertLog;
import dta.observatory.alert.dispatch.Dispatcher;
import dta.observatory.alert.hitl.TaskQueue;
import dta.observatory.alert.outbox.NotificationOutbox;
import dta.observatory.alert.pipeline.AlertPipeline;
import dta.observatory.api.v1.AcknowledgeRequest;
import dta.observatory.api.v1.AlertRecord;
import dta.observatory.api.v1.AlertService;
import dta.observatory.api.v1.ClaimTaskRequest;
import dta.observatory.api.v1.CloseTaskRequest;
import dta.observatory.api.v1.CommentTaskRequest;
import dta.observatory.api.v1.CreateSilenceRequest;
import dta.observatory.api.v1.ExpireSilenceRequest;
import dta.observatory.api.v1.HitlTask;
import dta.observatory.api.v1.ListAlertsRequest;
import dta.observatory.api.v1.ListAlertsResponse;
import dta.observatory.api.v1.ListChannelsRequest;
import dta.observatory.api.v1.ListChannelsResponse;
import dta.observatory.api.v1.ListDeadLettersRequest;
import dta.observatory.api.v1.ListDeadLettersResponse;
import dta.observatory.api.v1.ListSilencesRequest;
import dta.observatory.api.v1.ListSilencesResponse;
import dta.observatory.api.v1.ListTasksRequest;
import dta.observatory.api.v1.ListTasksResponse;
import dta.observatory.api.v1.NotifyRequest;
import dta.observatory.api.v1.NotifyResponse;
import dta.observatory.api.v1.RetryDeadLetterRequest;
import dta.observatory.api.v1.RetryDeadLetterResponse;
import dta.observatory.api.v1.Silence;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * dta.v1.AlertService over gRPC: translation only. The logic (and its validation) is in the pipeline, the task
 * queue and the dispatcher, shared with the REST resources; refusals become INVALID_ARGUMENT, NOT_FOUND or
 * FAILED_PRECONDITION through {@link ApiErrors}. Calls that journal (fsync) run on a worker thread.
 */
@GrpcService
public class AlertGrpcService implements AlertService {

    private final AlertIntake intake;
    private final AlertLog log;
    private final AlertPipeline pipeline;
    private final TaskQueue tasks;
    private final Dispatcher dispatcher;
    private final NotificationOutbox outbox;
    private final ApiErrors errors;

    AlertGrpcService(AlertIntake intake, AlertLog log, AlertPipeline pipeline, TaskQueue tasks,
            Dispatcher dispatcher, NotificationOutbox outbox, ApiErrors errors) {
        this.intake = intake;
        this.log = log;
        this.pipeline = pipeline;
        this.tasks = tasks;
        this.dispatcher = dispatcher;
        this.outbox = outbox;
        this.errors = errors;
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
                .orElseThrow(() -> new NoSuchElementException("no alert with id '" + request.getId() + "'")));
    }

    @Override
    @Blocking
    public Uni<Silence> createSilence(CreateSilenceRequest request) {
        return answer(() -> AdminMapping.silence(pipeline.createSilence(request.getMatchersList(),
                request.getStartsAtMs(), request.getEndsAtMs(), request.getCreatedBy(), request.getComment()),
                System.currentTimeMillis()));
    }

    @Override
    public Uni<ListSilencesResponse> listSilences(ListSilencesRequest request) {
        return answer(() -> AdminMapping.silences(pipeline.silences().list(), pipeline.silences().windows(),
                System.currentTimeMillis()));
    }

    @Override
    @Blocking
    public Uni<Silence> expireSilence(ExpireSilenceRequest request) {
        return answer(() -> AdminMapping.silence(pipeline.expireSilence(request.getId()), System.currentTimeMillis()));
    }

    @Override
    public Uni<ListTasksResponse> listTasks(ListTasksRequest request) {
        return answer(() -> ListTasksResponse.newBuilder().addAllTasks(tasks.list(AdminMapping.state(
                request.getState())).stream().map(AdminMapping::task).toList()).build());
    }

    @Override
    @Blocking
    public Uni<HitlTask> claimTask(ClaimTaskRequest request) {
        return answer(() -> AdminMapping.task(tasks.claim(request.getId(), request.getBy())));
    }

    @Override
    @Blocking
    public Uni<HitlTask> commentTask(CommentTaskRequest request) {
        return answer(() -> AdminMapping.task(tasks.comment(request.getId(), request.getBy(), request.getText())));
    }

    @Override
    @Blocking
    public Uni<HitlTask> closeTask(CloseTaskRequest request) {
        return answer(() -> AdminMapping.task(tasks.close(request.getId(), request.getBy(), request.getResolution())));
    }

    @Override
    public Uni<ListChannelsResponse> listChannels(ListChannelsRequest request) {
        return answer(() -> AdminMapping.channels(dispatcher.report()));
    }

    @Override
    public Uni<ListDeadLettersResponse> listDeadLetters(ListDeadLettersRequest request) {
        return answer(() -> ListDeadLettersResponse.newBuilder().addAllDeadLetters(outbox.deadLetters().stream()
                .map(AdminMapping::deadLetter).toList()).build());
    }

    @Override
    @Blocking
    public Uni<RetryDeadLetterResponse> retryDeadLetter(RetryDeadLetterRequest request) {
        return answer(() -> {
            dispatcher.redrive(request.getId());
            return RetryDeadLetterResponse.newBuilder().setId(request.getId()).build();
        });
    }

    private <T> Uni<T> answer(Supplier<T> call) {
        try {
            return Uni.createFrom().item(call.get());
        } catch (java.io.UncheckedIOException e) { // the journal could not be written: not recorded
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("not recorded: "
                    + e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(ApiErrors.isRefusal(e) ? errors.grpc(e) : e);
        }
    }
}
