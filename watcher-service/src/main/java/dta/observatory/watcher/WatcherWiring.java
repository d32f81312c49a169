package dta.observatory.watcher;

import dta.observatory.watcher.cluster.ClusterCoordinator;
import dta.observatory.watcher.evaluation.AlertSink;
import dta.observatory.watcher.evaluation.EvaluationCycle;
import dta.observatory.watcher.evaluation.RangeSource;
import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.evaluation.SeasonalHistory;
import dta.observatory.watcher.evaluation.SliceSource;
import dta.observatory.watcher.evaluation.WatcherMetrics;
import dta.observatory.watcher.persistence.StateFile;
import dta.observatory.watcher.rulefiles.RuleFileWatcher;
import dta.observatory.watcher.rulefiles.RuleFiles;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Builds the plain-Java watcher core, and at start loads rule files, then the saved rules and states. */
@ApplicationScoped
public class WatcherWiring {

    private static final Logger LOG = Logger.getLogger(WatcherWiring.class);

    @ConfigProperty(name = "dta.watcher.state-dir")
    Optional<String> stateDir;

    @ConfigProperty(name = "dta.watcher.rules-dir")
    Optional<String> rulesDir;

    @ConfigProperty(name = "dta.watcher.batch-size", defaultValue = "500")
    int batchSize;

    @ConfigProperty(name = "dta.watcher.seasonal-bucket", defaultValue = "10m")
    Duration seasonalBucket;

    @ConfigProperty(name = "dta.watcher.seasonal-fetches-per-cycle", defaultValue = "200")
    int seasonalFetchesPerCycle;

    @Produces
    @Singleton
    RuleBook rules() {
        return new RuleBook();
    }

    @ConfigProperty(name = "dta.watcher.cluster.enabled", defaultValue = "false")
    boolean clusterEnabled;

    @Produces
    @Singleton
    Optional<StateFile> stateFile() {
        if (clusterEnabled) {
            return Optional.empty(); // rules and states live in the shared database instead
        }
        return stateDir.filter(s -> !s.isBlank()).map(s -> new StateFile(Path.of(s)));
    }

    @Produces
    @Singleton
    Optional<RuleFiles> ruleFiles() {
        return rulesDir.filter(s -> !s.isBlank()).map(s -> new RuleFiles(Path.of(s)));
    }

    @Produces
    @Singleton
    SeasonalHistory seasonalHistory(RangeSource source, MeterRegistry registry) {
        SeasonalHistory history = new SeasonalHistory(source, seasonalBucket, seasonalFetchesPerCycle);
        FunctionCounter.builder("dta.watcher.seasonal.range.calls", history, SeasonalHistory::rangeCalls)
                .description("Range calls to the store for AutoWatchers' seasonal history").register(registry);
        return history;
    }

    @Produces
    @Singleton
    EvaluationCycle cycle(RuleBook rules, SliceSource source, AlertSink sink, SeasonalHistory seasonal) {
        return new EvaluationCycle(rules, source, sink, System::currentTimeMillis, batchSize, seasonal);
    }

    @Produces
    @Singleton
    @Startup
    WatcherMetrics metrics(MeterRegistry registry, RuleBook rules) {
        return new WatcherMetrics(registry, rules);
    }

    void start(@Observes StartupEvent event, RuleBook rules, Optional<StateFile> state, RuleFileWatcher files,
            WatcherMetrics metrics, Optional<ClusterCoordinator> cluster, EvaluationCycle cycle) {
        files.reloadIfChanged();
        cluster.ifPresent(c -> {
            // Join, take the shared API rules and the last recorded states, then evaluate only what we own.
            c.heartbeat();
            c.refresh();
            rules.shareRulesWith(c);
            cycle.shareWith(c);
            LOG.infof("cluster mode: %d rules known, states shared through the database", rules.size());
        });
        state.ifPresent(s -> {
            StateFile.Loaded loaded = s.load(rules);
            loaded.problems().forEach(p -> LOG.warnf("saved state: %s", p));
            LOG.infof("restored %d API rules and the state of %d rules from %s", loaded.rules(), loaded.states(),
                    s.path());
            // Every API change is on disk before the API answers.
            rules.onApiChange(() -> {
                try {
                    s.save(rules, System.currentTimeMillis());
                } catch (RuntimeException e) {
                    metrics.saveFailed();
                    throw e;
                }
            });
        });
        rules.markStartupDone();
    }
}
