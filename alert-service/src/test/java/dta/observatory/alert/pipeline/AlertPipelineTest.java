package dta.observatory.alert.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.alerts.AlertEvent.Status;
import dta.observatory.alert.alerts.AlertLog;
import dta.observatory.alert.alerts.AlertRecord;
import dta.observatory.alert.dispatch.Channel;
import dta.observatory.alert.dispatch.DispatchMetrics;
import dta.observatory.alert.dispatch.HitlChannel;
import dta.observatory.alert.dispatch.Dispatcher;
import dta.observatory.alert.dispatch.LogChannel;
import dta.observatory.alert.dispatch.Notification;
import dta.observatory.alert.dispatch.RetryPolicy;
import dta.observatory.alert.grouping.Grouper;
import dta.observatory.alert.hitl.JournalTaskQueue;
import dta.observatory.alert.hitl.Task;
import dta.observatory.alert.hitl.TaskQueue;
import dta.observatory.alert.inhibit.InhibitRule;
import dta.observatory.alert.inhibit.Inhibitor;
import dta.observatory.alert.outbox.Outbox;
import dta.observatory.alert.routing.Route;
import dta.observatory.alert.routing.RoutingTree;
import dta.observatory.alert.silence.Silences;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with a clock the test moves and an executor that runs deliveries on the calling thread, so
 * every assertion is exact: storm → one notification, silence, inhibition, and a restart that neither loses nor
 * repeats anything.
 */
class AlertPipelineTest {

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final List<Notification> delivered = new CopyOnWriteArrayList<>();
    private Outbox outbox;
    private TaskQueue tasks;
    private AlertPipeline pipeline;
    private String escalateTo; // null: no escalation

    /** Runs tasks at once on the caller: no threads, no waiting. */
    private static final class DirectExecutor extends AbstractExecutorService {
        @Override
        public void execute(Runnable r) {
            r.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    private AlertPipeline start() {
        Route root = new Route("root", List.of(), List.of("webhook"), List.of("rule"), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofMinutes(5), true, false, List.of());
        AlertLog log = new AlertLog(10_000, now::get);
        tasks = JournalTaskQueue.open(dir.resolve("tasks.journal"), 10, 1 << 20, now::get);
        pipeline = new AlertPipeline(new RoutingTree(root), new Grouper(10_000), new Silences(10, List.of()),
                new Inhibitor(List.of(InhibitRule.CRITICAL_MUTES_WARNING)), log, tasks,
                new AlertPipeline.Escalation(escalateTo, Duration.ofMinutes(15)), 1 << 20, now::get);
        outbox = Outbox.open(dir.resolve("outbox.journal"), new RetryPolicy(3, Duration.ofSeconds(1)), 1000, 10,
                () -> 0, pipeline::restore);
        Channel webhook = new Channel() {
            @Override
            public String name() {
                return "webhook";
            }

            @Override
            public void deliver(Notification n) {
                delivered.add(n);
            }
        };
        pipeline.start(outbox, new Dispatcher(Map.of("webhook", webhook, "log", new LogChannel(),
                "hitl", new HitlChannel(tasks)), outbox,
                new DirectExecutor(), 1, new DispatchMetrics(new SimpleMeterRegistry()), now::get));
        return pipeline;
    }

    @AfterEach
    void close() {
        if (outbox != null) {
            outbox.close();
        }
        if (tasks != null) {
            tasks.close();
        }
    }

    private static AlertEvent event(String rule, Status status, String severity, String instance) {
        return new AlertEvent(rule, "permit.pay.ok", Map.of("instance", instance), 0.9, 0.95, "<", status, 0,
                severity, "Payment success <95%", List.of());
    }

    private void tickAt(long offsetMs) {
        now.set(1_800_000_000_000L + offsetMs);
        for (int i = 0; i < 5; i++) { // a delivery per tick per free thread: drain
            pipeline.tick();
        }
    }

    @Test
    void aStormOf100AlertsIsOneWebhookNotification() {
        start();
        for (int i = 0; i < 100; i++) {
            pipeline.receive(event("pay-ok", Status.FIRING, "warning", "node-" + i));
        }
        tickAt(4_999);
        assertThat(delivered).isEmpty();
        tickAt(5_000);
        assertThat(delivered).singleElement().satisfies(n -> assertThat(n.firing()).hasSize(100));
        for (int i = 0; i < 100; i++) {
            pipeline.receive(event("pay-ok", Status.FIRING, "warning", "node-" + i)); // the watcher re-sends
        }
        tickAt(60_000);
        assertThat(delivered).as("duplicates are dropped").hasSize(1);
        assertThat(outbox.depth()).isZero();
    }

    @Test
    void aSilenceMutesAndItsExpiryLetsTheAlertThrough() {
        start();
        var silence = pipeline.createSilence(List.of("rule=pay-ok"), 0, now.get() + 3_600_000, "ops", "deploy");
        pipeline.receive(event("pay-ok", Status.FIRING, "warning", "a"));
        tickAt(10_000);
        assertThat(delivered).isEmpty();
        pipeline.expireSilence(silence.id());
        tickAt(20_000);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void aFiringCriticalInhibitsTheWarningOnTheSameMetric() {
        start();
        pipeline.receive(event("pay-ok-critical", Status.FIRING, "critical", "a"));
        pipeline.receive(event("pay-ok-warning", Status.FIRING, "warning", "a"));
        tickAt(10_000);
        assertThat(delivered).extracting(n -> n.alert().event().ruleId()).containsExactly("pay-ok-critical");
        pipeline.receive(event("pay-ok-critical", Status.RESOLVED, "critical", "a"));
        tickAt(60_000);
        assertThat(delivered).extracting(n -> n.alert().event().ruleId() + ":" + n.status())
                .containsExactlyInAnyOrder("pay-ok-critical:firing", "pay-ok-critical:resolved", "pay-ok-warning:firing");
    }

    @Test
    void aRestartRebuildsAlertsAcksAndSilencesWithoutResendingWhatWasSent() {
        start();
        AlertRecord a = pipeline.receive(event("pay-ok", Status.FIRING, "warning", "a"));
        pipeline.receive(event("disk", Status.FIRING, "warning", "b"));
        tickAt(10_000);
        assertThat(delivered).hasSize(2);
        pipeline.acknowledge(a.id(), "ops");
        pipeline.createSilence(List.of("rule=disk"), 0, now.get() + 3_600_000, "ops", "");
        pipeline.receive(event("late", Status.FIRING, "warning", "c")); // received, not yet notified
        outbox.close();
        tasks.close();

        delivered.clear();
        start();
        tickAt(20_000);
        assertThat(delivered).extracting(n -> n.alert().event().ruleId()).as("only what was never sent")
                .containsExactly("late");
        tickAt(400_000);
        assertThat(delivered).extracting(n -> n.alert().event().ruleId())
                .as("pay-ok was acknowledged and disk is silenced: only late repeats").containsExactly("late", "late");
    }

    @Test
    void anUnclaimedTaskEscalatesOnceEvenAcrossARestart() {
        escalateTo = "webhook";
        start();
        pipeline.receive(new AlertEvent("db-down", "db.up", Map.of("instance", "db-1"), 0, 1, "<", Status.FIRING, 0,
                "critical", "database down", List.of("hitl")));
        tickAt(10_000);
        assertThat(tasks.list(Task.State.OPEN)).singleElement().satisfies(t -> assertThat(t.escalated()).isFalse());
        assertThat(delivered).isEmpty();
        tickAt(10_000 + 15 * 60_000);
        assertThat(delivered).singleElement().satisfies(n -> {
            assertThat(n.route()).isEqualTo("escalation");
            assertThat(n.alert().event().ruleId()).isEqualTo("db-down");
        });
        assertThat(tasks.list(Task.State.OPEN)).singleElement().satisfies(t -> assertThat(t.escalated()).isTrue());
        outbox.close();
        tasks.close();

        delivered.clear();
        start();
        tickAt(20 * 60_000);
        assertThat(tasks.list(Task.State.OPEN)).as("the task came back, escalated").singleElement()
                .satisfies(t -> assertThat(t.escalated()).isTrue());
        assertThat(delivered).as("not escalated a second time").isEmpty();
    }
}
