package dta.observatory.watcher.cluster;

import dta.observatory.watcher.evaluation.RuleBook;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Cluster mode glue: builds the {@link ClusterCoordinator} when {@code dta.watcher.cluster.enabled} is true (the
 * datasource is only touched then), heartbeats on its own timer (a slow evaluation cycle must not make this replica
 * look dead), and leaves the member table on a clean shutdown so its rules move at once.
 */
@ApplicationScoped
public class ClusterWiring {

    private static final Logger LOG = Logger.getLogger(ClusterWiring.class);

    @ConfigProperty(name = "dta.watcher.cluster.enabled", defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = "dta.watcher.cluster.member-id")
    Optional<String> memberId;

    @ConfigProperty(name = "dta.watcher.cluster.member-timeout", defaultValue = "2s")
    Duration memberTimeout;

    @ConfigProperty(name = "dta.watcher.cluster.heartbeat-interval", defaultValue = "1s")
    Duration heartbeatInterval;

    @Produces
    @Singleton
    Optional<ClusterCoordinator> coordinator(Instance<DataSource> dataSource, RuleBook rules, MeterRegistry registry) {
        if (!enabled) {
            return Optional.empty();
        }
        if (heartbeatInterval.compareTo(memberTimeout) >= 0) {
            throw new IllegalArgumentException("dta.watcher.cluster.heartbeat-interval (" + heartbeatInterval
                    + ") must be shorter than dta.watcher.cluster.member-timeout (" + memberTimeout
                    + "), or live replicas are taken for dead");
        }
        DataSource db = dataSource.get();
        String id = memberId.filter(s -> !s.isBlank()).orElseGet(ClusterWiring::hostName);
        ClusterCoordinator c = new ClusterCoordinator(id, memberTimeout, new MemberRepository(db),
                new RuleRepository(db), rules, p -> LOG.warnf("%s", p));
        Gauge.builder("dta.watcher.cluster.rules.owned", c, ClusterCoordinator::ownedCount)
                .description("Rules this replica evaluated in its last cycle").register(registry);
        Gauge.builder("dta.watcher.cluster.members.live", c, ClusterCoordinator::liveCount)
                .description("Live watcher replicas seen in the last cycle").register(registry);
        FunctionCounter.builder("dta.watcher.cluster.state.conflicts", c, ClusterCoordinator::conflicts)
                .description("Rule state writes lost to another replica (its evaluation stood, ours was dropped)")
                .register(registry);
        LOG.infof("cluster mode: member '%s', member timeout %s", id, memberTimeout);
        return Optional.of(c);
    }

    /** In Kubernetes the host name is the pod name: unique and stable for the pod's life. */
    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("no host name to use as dta.watcher.cluster.member-id; set it", e);
        }
    }

    @ApplicationScoped
    static class Heartbeat {

        private final Optional<ClusterCoordinator> coordinator;

        Heartbeat(Optional<ClusterCoordinator> coordinator) {
            this.coordinator = coordinator;
        }

        @Scheduled(every = "${dta.watcher.cluster.heartbeat-interval}",
                concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
        void beat() {
            coordinator.ifPresent(c -> {
                try {
                    c.heartbeat();
                } catch (RuntimeException e) {
                    LOG.warnf("%s", e.getMessage());
                }
            });
        }

        void leave(@Observes ShutdownEvent event) {
            coordinator.ifPresent(c -> {
                try {
                    c.leave();
                } catch (RuntimeException e) {
                    LOG.warnf("%s", e.getMessage());
                }
            });
        }
    }
}
