package dta.observatory.watcher.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.watcher.evaluation.AlertSink;
import dta.observatory.watcher.evaluation.EvaluationCycle;
import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.evaluation.SliceSource;
import dta.observatory.watcher.rules.Aggregate;
import dta.observatory.watcher.rules.Comparator;
import dta.observatory.watcher.rules.RuleState;
import dta.observatory.watcher.rules.WatchRule;
import dta.observatory.watcher.rules.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart is a new RuleBook and EvaluationCycle loading the state file the old ones saved (the file is all that
 * survives a kill -9; the service saves it after every API change and every cycle that moved a rule).
 */
class StateFileTest {

    @TempDir
    Path dir;

    private final List<String> alerts = new ArrayList<>();
    private double temp = 50;
    private long now = 100_000;

    private EvaluationCycle cycle(RuleBook book) {
        SliceSource source = queries -> queries.stream().map(q -> new SliceSource.Result(
                List.of(new SliceSource.SeriesWindow(Map.of(), Window.of(temp))), null)).toList();
        AlertSink sink = (rule, labels, status, resolved) -> alerts.add((resolved ? "resolved " : "") + rule.id());
        return new EvaluationCycle(book, source, sink, () -> now);
    }

    private static WatchRule hot(String id, Duration forDuration) {
        return new WatchRule(id, WatchRule.Type.THRESHOLD, "temp", Map.of("room", "a"), 1, Duration.ZERO,
                Aggregate.LAST, Comparator.GT, 10, null, forDuration, Duration.ZERO, null, null, null, null, null,
                false, false);
    }

    @Test
    void aFiringRuleDoesNotFireAgainAsNewAndAPendingOneKeepsItsForProgress() {
        RuleBook before = new RuleBook();
        before.add(hot("firing-rule", Duration.ZERO));
        before.add(hot("pending-rule", Duration.ofSeconds(60)));
        cycle(before).run();
        now += 40_000; // pending for 40 of its 60 s
        cycle(before).run();
        assertThat(alerts).containsExactly("firing-rule");
        new StateFile(dir).save(before, now);

        RuleBook after = new RuleBook(); // the restart
        StateFile.Loaded loaded = new StateFile(dir).load(after);
        assertThat(loaded.rules()).isEqualTo(2);
        assertThat(loaded.problems()).isEmpty();
        assertThat(after.get("firing-rule").orElseThrow().status().state()).isEqualTo(RuleState.FIRING);
        assertThat(after.get("pending-rule").orElseThrow().status().activeSinceMs()).isEqualTo(100_000);

        now += 2_000;
        cycle(after).run();
        assertThat(alerts).as("no new firing for the rule that was firing; pending still pending")
                .containsExactly("firing-rule");
        now += 20_000; // 62 s after the pending rule's condition began
        cycle(after).run();
        assertThat(alerts).containsExactly("firing-rule", "pending-rule");

        temp = 1;
        now += 2_000;
        cycle(after).run();
        assertThat(alerts).as("a rule restored as firing still resolves").containsExactly("firing-rule",
                "pending-rule", "resolved firing-rule", "resolved pending-rule");
    }

    @Test
    void fileRulesAreNotSavedAsApiRulesButTheirStateIs() {
        RuleBook before = new RuleBook();
        WatchRule fromFile = hot("file-rule", Duration.ZERO);
        before.syncFileRules(Map.of("file-rule", Map.entry(fromFile, "file:rules.yaml")));
        cycle(before).run();
        new StateFile(dir).save(before, now);

        RuleBook after = new RuleBook();
        assertThat(new StateFile(dir).load(after).rules()).isZero();
        assertThat(after.get("file-rule")).isEmpty();
        after.syncFileRules(Map.of("file-rule", Map.entry(fromFile, "file:rules.yaml")));
        new StateFile(dir).load(after);
        assertThat(after.get("file-rule").orElseThrow().status().state()).isEqualTo(RuleState.FIRING);
    }

    @Test
    void aChangedRuleStartsOverAndTheSaveIsAtomic() throws Exception {
        RuleBook before = new RuleBook();
        before.add(hot("r", Duration.ZERO));
        cycle(before).run();
        new StateFile(dir).save(before, now);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList())
                .as("no temporary file left behind").containsExactly("watcher-state.json");

        RuleBook after = new RuleBook();
        after.syncFileRules(Map.of("r", Map.entry(hot("r", Duration.ofMinutes(5)), "file:x.yaml")));
        new StateFile(dir).load(after);
        assertThat(after.get("r").orElseThrow().status().state()).as("not the same rule any more: no state")
                .isEqualTo(RuleState.PENDING_FIRST_EVALUATION);
    }
}
