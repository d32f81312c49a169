package dta.observatory.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.alerts.AlertIntake;
import dta.observatory.alert.alerts.AlertLog;
import dta.observatory.alert.alerts.AlertRecord;
import dta.observatory.alert.cluster.ClusterSettings;
import dta.observatory.alert.cluster.GroupLeadership;
import dta.observatory.alert.cluster.PgOutbox;
import dta.observatory.alert.cluster.PgStateLog;
import dta.observatory.alert.cluster.PgTaskQueue;
import dta.observatory.alert.cluster.StateFollower;
import dta.observatory.alert.dispatch.AlertmanagerChannel;
import dta.observatory.alert.dispatch.AlertmanagerResender;
import dta.observatory.alert.dispatch.Channel;
import dta.observatory.alert.dispatch.DispatchMetrics;
import dta.observatory.alert.dispatch.Dispatcher;
import dta.observatory.alert.dispatch.HitlChannel;
import dta.observatory.alert.dispatch.LogChannel;
import dta.observatory.alert.dispatch.Notification;
import dta.observatory.alert.dispatch.RetryPolicy;
import dta.observatory.alert.dispatch.SlackChannel;
import dta.observatory.alert.dispatch.SmsChannel;
import dta.observatory.alert.dispatch.WebhookChannel;
import dta.observatory.alert.grouping.Grouper;
import dta.observatory.alert.hitl.JournalTaskQueue;
import dta.observatory.alert.hitl.Task;
import dta.observatory.alert.hitl.TaskQueue;
import dta.observatory.alert.inhibit.InhibitRule;
import dta.observatory.alert.inhibit.Inhibitor;
import dta.observatory.alert.outbox.NotificationOutbox;
import dta.observatory.alert.outbox.Outbox;
import dta.observatory.alert.outbox.StateLog;
import dta.observatory.alert.pipeline.AlertPipeline;
import dta.observatory.alert.routing.Route;
import dta.observatory.alert.routing.RoutingConfig;
import dta.observatory.alert.routing.RoutingTree;
import dta.observatory.alert.silence.MaintenanceWindow;
import dta.observatory.alert.silence.Silence;
import dta.observatory.alert.silence.Silences;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Builds the alert path from configuration: routing tree, grouper, silences, inhibition, the journaled outbox,
 * the channels and the dispatcher; ticks the pipeline. Only glue: the logic lives in the plain packages.
 * In cluster mode ({@code dta.alert.cluster.enabled}) the outbox and the alert state live in PostgreSQL instead
 * of the journal (package {@code cluster}), and so do the hitl tasks.
 */
@ApplicationScoped
@RegisterForReflection(targets = {AlertRecord.class, AlertEvent.class, Notification.class, Silence.class,
        Task.class, Task.Comment.class, dta.observatory.alert.dispatch.ChannelStatus.class,
        dta.observatory.alert.dispatch.ChannelReport.class})
public class AlertWiring {

    private static final Logger LOG = Logger.getLogger(AlertWiring.class);

    @Produces
    @Singleton
    ClusterSettings cluster(@ConfigProperty(name = "dta.alert.cluster.enabled") boolean enabled,
            @ConfigProperty(name = "dta.alert.cluster.replica-name") Optional<String> name,
            @ConfigProperty(name = "dta.alert.cluster.claim-lease") Duration lease,
            @ConfigProperty(name = "dta.alert.cluster.done-retention") Duration retention) {
        ClusterSettings settings = ClusterSettings.of(enabled,
                name.orElseGet(() -> System.getenv().getOrDefault("HOSTNAME", "alert")), lease, retention);
        if (enabled) {
            LOG.infof("cluster mode: replica %s, outbox and alert state in PostgreSQL, claim lease %s",
                    settings.replica(), lease);
        }
        return settings;
    }

    @Produces
    @Singleton
    AlertLog alertLog(@ConfigProperty(name = "dta.alert.log-capacity") int capacity, ClusterSettings cluster) {
        return new AlertLog(capacity, System::currentTimeMillis, cluster.idTag());
    }

    @Produces
    @Singleton
    TaskQueue tasks(@ConfigProperty(name = "dta.alert.hitl.capacity") int capacity,
            @ConfigProperty(name = "dta.alert.outbox.dir") Path dir,
            @ConfigProperty(name = "dta.alert.outbox.compact-bytes") long compactBytes,
            ClusterSettings cluster, Instance<DataSource> dataSource) {
        TaskQueue tasks = cluster.enabled()
                ? new PgTaskQueue(dataSource.get(), capacity, System::currentTimeMillis)
                : JournalTaskQueue.open(dir.resolve("tasks.journal"), capacity, compactBytes,
                        System::currentTimeMillis);
        LOG.infof("hitl tasks %s opened: %d open, %d claimed", cluster.enabled() ? "in PostgreSQL" : dir,
                tasks.list(Task.State.OPEN).size(), tasks.list(Task.State.CLAIMED).size());
        return tasks;
    }

    void closeTasks(@Disposes TaskQueue tasks) {
        tasks.close();
    }

    @Produces
    @Singleton
    Silences silences(@ConfigProperty(name = "dta.alert.silences.capacity") int capacity,
            @ConfigProperty(name = "dta.alert.maintenance-windows") Optional<String> windows,
            ClusterSettings cluster) {
        List<MaintenanceWindow> parsed = new ArrayList<>();
        windows.ifPresent(w -> Arrays.stream(w.split("\\|")).map(String::trim).filter(s -> !s.isEmpty())
                .map(MaintenanceWindow::parse).forEach(parsed::add));
        return new Silences(capacity, parsed, cluster.idTag());
    }

    @Produces
    @Singleton
    RoutingTree routing(@ConfigProperty(name = "dta.alert.default-channels") List<String> defaultChannels,
            @ConfigProperty(name = "dta.alert.route.group-by") List<String> groupBy,
            @ConfigProperty(name = "dta.alert.route.group-wait") Duration groupWait,
            @ConfigProperty(name = "dta.alert.route.group-interval") Duration groupInterval,
            @ConfigProperty(name = "dta.alert.route.repeat-interval") Duration repeatInterval,
            @ConfigProperty(name = "dta.alert.route.send-resolved") boolean sendResolved,
            @ConfigProperty(name = "dta.alert.routing.file") Optional<Path> file,
            @ConfigProperty(name = "dta.alert.routing.json") Optional<String> inline) {
        Route defaults = new Route("root", List.of(), defaultChannels, groupBy, groupWait, groupInterval,
                repeatInterval, sendResolved, false, List.of());
        String json = inline.orElse(null);
        if (file.isPresent()) {
            try {
                json = Files.readString(file.get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read routing file " + file.get(), e);
            }
        }
        return RoutingConfig.parse(json, defaults);
    }

    @Produces
    @Singleton
    AlertPipeline pipeline(RoutingTree routing, Silences silences, AlertLog log, TaskQueue tasks,
            @ConfigProperty(name = "dta.alert.inhibit.rules") Optional<String> inhibitRules,
            @ConfigProperty(name = "dta.alert.max-grouped-alerts") int maxGrouped,
            @ConfigProperty(name = "dta.alert.hitl.escalate-to") Optional<String> escalateTo,
            @ConfigProperty(name = "dta.alert.hitl.escalate-after") Duration escalateAfter,
            @ConfigProperty(name = "dta.alert.outbox.compact-bytes") long compactBytes) {
        List<InhibitRule> rules = new ArrayList<>();
        inhibitRules.ifPresent(r -> Arrays.stream(r.split(";")).map(String::trim).filter(s -> !s.isEmpty())
                .map(InhibitRule::parse).forEach(rules::add));
        return new AlertPipeline(routing, new Grouper(maxGrouped), silences, new Inhibitor(rules), log, tasks,
                new AlertPipeline.Escalation(escalateTo.orElse(null), escalateAfter), compactBytes,
                System::currentTimeMillis);
    }

    @Produces
    @Singleton
    NotificationOutbox outbox(AlertPipeline pipeline, ClusterSettings cluster, Instance<DataSource> dataSource,
            @ConfigProperty(name = "dta.alert.outbox.dir") Path dir,
            @ConfigProperty(name = "dta.alert.retry.max-attempts") int maxAttempts,
            @ConfigProperty(name = "dta.alert.retry.initial-backoff") Duration initialBackoff,
            @ConfigProperty(name = "dta.alert.retry.max-backoff") Duration maxBackoff,
            @ConfigProperty(name = "dta.alert.retry.jitter") double jitter,
            @ConfigProperty(name = "dta.alert.max-pending") int maxPending,
            @ConfigProperty(name = "dta.alert.dead-letters.capacity") int maxDead) {
        RetryPolicy retry = new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, jitter);
        if (cluster.enabled()) {
            // the datasource is active only in cluster mode: asked for here and nowhere else
            PgOutbox outbox = new PgOutbox(dataSource.get(), cluster.replica(), cluster.claimLease().toMillis(), retry,
                    maxPending, maxDead, () -> ThreadLocalRandom.current().nextDouble(), System::currentTimeMillis);
            LOG.infof("outbox in PostgreSQL: %d notifications pending, %d dead letters", outbox.depth(),
                    outbox.deadLetters().size());
            return outbox;
        }
        Outbox outbox = Outbox.open(dir.resolve("outbox.journal"),
                retry, maxPending, maxDead,
                () -> ThreadLocalRandom.current().nextDouble(), pipeline::restore);
        LOG.infof("outbox %s opened: %d notifications pending, %d dead letters%s", dir, outbox.depth(),
                outbox.deadLetters().size(), outbox.truncatedBytes() > 0
                        ? ", cut a torn tail of " + outbox.truncatedBytes() + " bytes" : "");
        return outbox;
    }

    void closeOutbox(@Disposes NotificationOutbox outbox) {
        if (outbox instanceof Outbox journal) {
            journal.close();
        }
    }

    /** Where the pipeline writes alerts, acks, silences: the outbox's journal, or the table replicas share. */
    @Produces
    @Singleton
    StateLog stateLog(NotificationOutbox outbox, ClusterSettings cluster, Instance<DataSource> dataSource) {
        return cluster.enabled() ? new PgStateLog(dataSource.get(), cluster.replica()) : (Outbox) outbox;
    }

    @Produces
    @Singleton
    Map<String, Channel> channels(ObjectMapper json, TaskQueue tasks,
            @ConfigProperty(name = "dta.alert.webhook.url") Optional<URI> webhookUrl,
            @ConfigProperty(name = "dta.alert.webhook.timeout") Duration webhookTimeout,
            @ConfigProperty(name = "dta.alert.slack.webhook-url") Optional<URI> slackUrl,
            @ConfigProperty(name = "dta.alert.slack.timeout") Duration slackTimeout,
            @ConfigProperty(name = "dta.alert.sms.url") Optional<URI> smsUrl,
            @ConfigProperty(name = "dta.alert.sms.auth-header") Optional<String> smsAuth,
            @ConfigProperty(name = "dta.alert.sms.format") String smsFormat,
            @ConfigProperty(name = "dta.alert.sms.from") Optional<String> smsFrom,
            @ConfigProperty(name = "dta.alert.sms.to") Optional<List<String>> smsTo,
            @ConfigProperty(name = "dta.alert.sms.max-length") int smsMax,
            @ConfigProperty(name = "dta.alert.sms.timeout") Duration smsTimeout,
            @ConfigProperty(name = "dta.alert.alertmanager.url") Optional<URI> amUrl,
            @ConfigProperty(name = "dta.alert.alertmanager.auth-header") Optional<String> amAuth,
            @ConfigProperty(name = "dta.alert.alertmanager.resend-interval") Duration amResend,
            @ConfigProperty(name = "dta.alert.alertmanager.timeout") Duration amTimeout) {
        Map<String, Channel> channels = new HashMap<>();
        channels.put(LogChannel.NAME, new LogChannel());
        channels.put(HitlChannel.NAME, new HitlChannel(tasks));
        webhookUrl.ifPresent(u -> channels.put(WebhookChannel.NAME, new WebhookChannel(u, webhookTimeout, json)));
        slackUrl.ifPresent(u -> channels.put(SlackChannel.NAME, new SlackChannel(u, slackTimeout, json)));
        smsUrl.ifPresent(u -> channels.put(SmsChannel.NAME, new SmsChannel(u, smsTimeout, smsAuth.orElse(null),
                SmsChannel.Format.valueOf(smsFormat.trim().toUpperCase(Locale.ROOT)), smsFrom.orElse(""),
                smsTo.orElse(List.of()), smsMax, json)));
        amUrl.ifPresent(u -> channels.put(AlertmanagerChannel.NAME, new AlertmanagerChannel(u, amTimeout,
                amAuth.orElse(null), amResend, System::currentTimeMillis, json)));
        // URLs and auth headers may hold secrets: only the channel names are logged
        LOG.infof("channels configured: %s", new java.util.TreeSet<>(channels.keySet()));
        return channels;
    }

    @Produces
    @Singleton
    @Startup
    Dispatcher dispatcher(MeterRegistry registry, Map<String, Channel> channels, NotificationOutbox outbox,
            AlertPipeline pipeline, StateLog stateLog, ClusterSettings cluster, Instance<DataSource> dataSource,
            @ConfigProperty(name = "dta.alert.delivery-threads") int threads,
            @ConfigProperty(name = "dta.alert.tick") Duration tick,
            @ConfigProperty(name = "dta.alert.cluster.state-log-compact-records") long compactRecords) {
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(threads + 1, r -> {
            Thread t = new Thread(r, "alert-delivery");
            t.setDaemon(true);
            return t;
        });
        Dispatcher dispatcher = new Dispatcher(channels, outbox, executor, threads, new DispatchMetrics(registry),
                System::currentTimeMillis);
        pipeline.start(stateLog, dispatcher);
        Runnable beforeTick = () -> { };
        if (cluster.enabled()) {
            beforeTick = clusterTick(pipeline, (PgOutbox) outbox, (PgStateLog) stateLog, cluster, dataSource.get(),
                    compactRecords);
        }
        Gauge.builder("dta.alert.outbox.depth", outbox, NotificationOutbox::depth)
                .description("Notifications waiting in the outbox (not yet delivered nor dead)").register(registry);
        Gauge.builder("dta.alert.outbox.oldest.pending.age.seconds", outbox,
                o -> o.oldestPendingAgeMs(System.currentTimeMillis()) / 1000.0)
                .description("Age of the oldest notification not yet delivered").register(registry);
        Gauge.builder("dta.alert.dead.letters", outbox, o -> o.deadLetters().size())
                .description("Dead letters kept for the API").register(registry);
        Gauge.builder("dta.alert.outbox.journal.bytes", stateLog, StateLog::journalBytes)
                .description("Size of the outbox journal file").register(registry);
        Gauge.builder("dta.alert.groups", pipeline.grouper(), Grouper::groups)
                .description("Alert groups held").register(registry);
        Gauge.builder("dta.alert.deduplicated", pipeline.grouper(), Grouper::deduplicated)
                .description("Alerts that repeated one already held (no notification)").register(registry);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-tick");
            t.setDaemon(true);
            return t;
        });
        Runnable before = beforeTick;
        ticker.scheduleWithFixedDelay(() -> {
            try {
                before.run();
                pipeline.tick();
            } catch (RuntimeException e) {
                LOG.warn("alert tick failed: " + e.getMessage(), e);
            }
        }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        if (channels.get(AlertmanagerChannel.NAME) instanceof AlertmanagerChannel am) {
            AlertmanagerResender resender = new AlertmanagerResender(am,
                    () -> pipeline.decidesGroups() ? pipeline.grouper().notifiedFiring(AlertmanagerChannel.NAME) : List.of(), System::currentTimeMillis);
            long every = am.resendInterval().toMillis();
            // its own thread: a slow Alertmanager (up to its timeout) must not hold up the pipeline's tick
            ScheduledExecutorService resending = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "alert-am-resend");
                t.setDaemon(true);
                return t;
            });
            resending.scheduleWithFixedDelay(resender::resend, every, every, TimeUnit.MILLISECONDS);
            this.resending = resending;
            FunctionCounter.builder("dta.alert.alertmanager.resent", resender, AlertmanagerResender::resent)
                    .description("Firing alerts re-posted to Alertmanager to keep them active").register(registry);
            FunctionCounter.builder("dta.alert.alertmanager.resend.failures", resender,
                    AlertmanagerResender::failures)
                    .description("Re-sends to Alertmanager that failed (tried again an interval later)")
                    .register(registry);
        }
        this.ticker = ticker;
        return dispatcher;
    }

    private ScheduledExecutorService ticker;
    private ScheduledExecutorService resending;
    private GroupLeadership leadership;

    /**
     * Cluster mode: applies what the other replicas recorded (all of it now, before serving), takes part in the
     * choice of the replica that decides group notifications, and returns what each tick does first: catch up,
     * check the group lock, now and then prune delivered rows; the deciding replica also compacts the state log.
     */
    private Runnable clusterTick(AlertPipeline pipeline, PgOutbox outbox, PgStateLog stateLog,
            ClusterSettings cluster, DataSource db, long compactRecords) {
        StateFollower follower = new StateFollower(stateLog, pipeline::restore);
        int applied = follower.catchUp();
        GroupLeadership leadership = new GroupLeadership(db, cluster.replica());
        this.leadership = leadership;
        pipeline.decideGroupsWhen(leadership::leader);
        LOG.infof("alert state from PostgreSQL: %d records applied; this replica %s group notifications", applied,
                leadership.refresh() ? "decides" : "does not decide");
        AtomicLong lastPrune = new AtomicLong(System.currentTimeMillis());
        return () -> {
            follower.catchUp();
            boolean leader = leadership.refresh();
            if (leader && follower.sinceSnapshot() >= compactRecords) {
                // one replica compacts, the one already doing the once-only work; a second one at the same moment
                // (a lock hand-over) would store nothing older than the stored snapshot
                long before = follower.sinceSnapshot();
                try {
                    pipeline.snapshot(follower::catchUp, follower::snapshot);
                    LOG.infof("alert state log compacted: a snapshot replaces %d or more rows", before);
                } catch (RuntimeException e) { // the log only keeps growing: the tick itself must go on
                    LOG.warn("alert state log compaction failed (tried again next tick): " + e.getMessage());
                }
            }
            long now = System.currentTimeMillis();
            if (now - lastPrune.get() > 60_000) {
                lastPrune.set(now);
                outbox.prune(now - cluster.doneRetention().toMillis());
            }
        };
    }

    void stop(@Disposes Dispatcher dispatcher) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (resending != null) {
            resending.shutdownNow();
        }
        dispatcher.close();
        if (leadership != null) {
            leadership.close();
        }
    }

    @Produces
    @Singleton
    AlertIntake intake(AlertPipeline pipeline, Dispatcher dispatcher) {
        return new AlertIntake(pipeline::receive);
    }
}
