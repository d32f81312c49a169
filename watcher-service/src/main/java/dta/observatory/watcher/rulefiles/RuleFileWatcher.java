package dta.observatory.watcher.rulefiles;

import dta.observatory.watcher.evaluation.RuleBook;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Reloads the rule files when their content changes (checked every {@code dta.watcher.rules-reload-interval}). */
@ApplicationScoped
public class RuleFileWatcher {

    private static final Logger LOG = Logger.getLogger(RuleFileWatcher.class);

    private final Optional<RuleFiles> files;
    private final RuleBook rules;
    private volatile String loadedFingerprint = "";

    RuleFileWatcher(Optional<RuleFiles> files, RuleBook rules) {
        this.files = files;
        this.rules = rules;
    }

    /** Loads the files now if they changed since the last load; true when it loaded. */
    public synchronized boolean reloadIfChanged() {
        if (files.isEmpty()) {
            return false;
        }
        String fingerprint = files.get().fingerprint();
        if (fingerprint.equals(loadedFingerprint)) {
            return false;
        }
        RuleFiles.Loaded loaded = files.get().load();
        List<String> clashes = rules.syncFileRules(loaded.rules());
        loaded.problems().forEach(p -> LOG.warnf("rule file %s", p));
        clashes.forEach(id -> LOG.warnf("rule file rule '%s' skipped: a rule created through the API has that id",
                id));
        LOG.infof("loaded %d rules from %s", loaded.rules().size() - clashes.size(), files.get().dir());
        loadedFingerprint = loaded.fingerprint();
        return true;
    }

    @Scheduled(every = "${dta.watcher.rules-reload-interval}", delayed = "${dta.watcher.rules-reload-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        reloadIfChanged();
    }
}
