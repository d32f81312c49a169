package dta.observatory.watcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.watcher.evaluation.AlertSink;
import dta.observatory.watcher.evaluation.EvaluationCycle;
import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.evaluation.SliceSource;
import dta.observatory.watcher.rules.Aggregate;
import dta.observatory.watcher.rules.Comparator;
import dta.observatory.watcher.rules.RuleState;
import dta.observatory.watcher.rules.WatchRule;
import dta.observatory.watcher.rules.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two watcher replicas ("a" and "b": each its own rule book, cycle and coordinator) sharing one real PostgreSQL, with
 * a fake store and a shared recording alert sink. Evaluation time is a test clock; liveness is the database's.
 */
class ClusterCoordinatorTest {

    private static TestDatabase db;
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private long now = 100_000;
    private Replica a;
    private Replica b;

    private final SliceSource store = queries -> queries.stream().map(q -> new SliceSource.Result(
            List.of(new SliceSource.SeriesWindow(Map.of(), Window.of(50, 60))), null)).toList();
    private volatile boolean dieOnNextSend;
    private final AlertSink sink = (rule, labels, status, resolved) -> {
        if (dieOnNextSend) {
            dieOnNextSend = false;
            throw new Killed();
        }
        alerts.add((resolved ? "resolved " : "") + rule.id());
    };

    /** The replica's process ends here (kill -9): nothing after this point of its cycle happens. */
    private static final class Killed extends Error {
    }

    private final class Replica {
        final RuleBook book = new RuleBook();
        final ClusterCoordinator coordinator;
        final EvaluationCycle cycle = new EvaluationCycle(book, store, sink, () -> now);

        Replica(String id) {
            coordinator = new ClusterCoordinator(id, Duration.ofSeconds(30), new MemberRepository(db.dataSource),
                    new RuleRepository(db.dataSource), book, problems::add);
            coordinator.heartbeat();
            coordinator.refresh();
            book.shareRulesWith(coordinator);
            cycle.shareWith(coordinator);
        }

        RuleBook.Entry entry(String id) {
            coordinator.refresh();
            return book.get(id).orElseThrow();
        }
    }

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void twoReplicas() throws Exception {
        db.execute("TRUNCATE watcher_member, watcher_rule, watcher_rule_state");
        a = new Replica("a");
        b = new Replica("b");
    }

    /** A rule over "temp" (max 60) that holds (> 55), with a `for`, reminding at most hourly. */
    private static WatchRule hot(String id, Duration forDuration) {
        return new WatchRule(id, WatchRule.Type.THRESHOLD, "temp", Map.of(), 2, Duration.ZERO, Aggregate.MAX,
                Comparator.GT, 55, null, forDuration, Duration.ZERO, Duration.ofHours(1), null, null, null, null,
                false, false);
    }

    /** A rule id that rendezvous hashing gives to {@code member} among a and b. */
    private static String idOwnedBy(String member, String prefix) {
        for (int i = 0; ; i++) {
            if (RendezvousOwnership.owner(prefix + i, List.of("a", "b")).orElseThrow().equals(member)) {
                return prefix + i;
            }
        }
    }

    private void kill(String member) throws Exception {
        db.execute("UPDATE watcher_member SET last_heartbeat = now() - interval '1 hour' WHERE id = '" + member + "'");
    }

    @Test
    void aRuleCreatedOnOneReplicaIsEvaluatedOnceByItsOwnerAndShownByBoth() {
        String onB = idOwnedBy("b", "r");
        a.book.add(hot(onB, Duration.ZERO));
        a.cycle.run();
        b.cycle.run();
        a.cycle.run();
        assertThat(alerts).containsExactly(onB);
        assertThat(a.entry(onB).status().state()).isEqualTo(RuleState.FIRING);
        assertThat(a.coordinator.ownerOf(onB)).isEqualTo("b");
        assertThat(b.coordinator.ownerOf(onB)).isEqualTo("b");
        assertThat(a.coordinator.ownedCount()).isZero();
        assertThat(b.coordinator.ownedCount()).isEqualTo(1);
    }

    @Test
    void whenTheOwnerDiesTheOtherTakesItsRulesKeepingForProgressAndNotifyingNoFiringTwice() throws Exception {
        String firing = idOwnedBy("a", "firing-");
        String pending = idOwnedBy("a", "pending-");
        a.book.add(hot(firing, Duration.ZERO));
        a.book.add(hot(pending, Duration.ofSeconds(60)));
        a.cycle.run(); // t=100 s: firing fires, pending starts its minute
        b.cycle.run();
        assertThat(alerts).containsExactly(firing);
        assertThat(b.entry(pending).status().activeSinceMs()).isEqualTo(100_000);

        kill("a");
        now = 130_000;
        b.cycle.run();
        assertThat(b.coordinator.ownedCount()).isEqualTo(2);
        assertThat(b.coordinator.ownerOf(firing)).isEqualTo("b");
        assertThat(b.entry(firing).status().state()).isEqualTo(RuleState.FIRING);
        assertThat(b.entry(pending).status().state()).as("30 s into a 60 s for").isEqualTo(RuleState.PENDING);
        assertThat(alerts).as("already firing and notified: not notified again").containsExactly(firing);

        now = 160_000; // a minute after the condition started holding at 100 s (a fresh start would wait until 190 s)
        b.cycle.run();
        assertThat(b.entry(pending).status().state()).isEqualTo(RuleState.FIRING);
        assertThat(alerts).containsExactly(firing, pending);
    }

    @Test
    void aReplicaKilledBetweenRecordingAndSendingLeavesTheFiringForTheNextOwnerToSend() throws Exception {
        String rule = idOwnedBy("a", "killed-");
        a.book.add(hot(rule, Duration.ZERO));
        dieOnNextSend = true;
        assertThatThrownBy(() -> a.cycle.run()).isInstanceOf(Killed.class);
        assertThat(alerts).isEmpty();
        assertThat(b.entry(rule).status().state()).as("a recorded the firing before it died")
                .isEqualTo(RuleState.FIRING);

        kill("a");
        now = 102_000;
        b.cycle.run();
        assertThat(alerts).as("recorded as not yet sent: the next owner sends it").containsExactly(rule);
        assertThat(b.entry(rule).status().firingNotified()).isTrue();
        now = 104_000;
        b.cycle.run();
        assertThat(alerts).as("and only once").containsExactly(rule);
    }

    @Test
    void ofTwoReplicasThatBothThinkTheyOwnARuleOnlyOneNotifies() throws Exception {
        String rule = idOwnedBy("a", "split-");
        a.book.add(hot(rule, Duration.ZERO));
        b.coordinator.refresh();
        // b decides what it owns while a looks dead to it ...
        kill("a");
        b.cycle.shareWith(new EvaluationCycle.Ownership() {
            @Override
            public Predicate<String> startCycle() {
                Predicate<String> mine = b.coordinator.startCycle();
                // ... and before b records anything, a (alive again) runs a whole cycle as the owner.
                a.coordinator.heartbeat();
                try {
                    kill("b");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                a.cycle.run();
                return mine;
            }

            @Override
            public boolean record(RuleBook.Entry entry, Map<String, RuleBook.SeriesStatus> series) {
                return b.coordinator.record(entry, series);
            }
        });
        b.cycle.run();
        assertThat(alerts).as("a recorded and notified first; b's record failed, so b sent nothing")
                .containsExactly(rule);
        assertThat(b.coordinator.conflicts()).isEqualTo(1);
        assertThat(b.entry(rule).status().firingNotified()).as("b took a's state").isTrue();
        assertThat(b.coordinator.ownerOf(rule)).isEqualTo("a");
    }

    @Test
    void aReplicaMissingFromTheLiveSetEvaluatesNothing() throws Exception {
        a.book.add(hot(idOwnedBy("a", "x"), Duration.ZERO));
        kill("a");
        kill("b");
        a.cycle.run();
        assertThat(a.coordinator.ownedCount()).isZero();
        assertThat(alerts).isEmpty();
    }

    @Test
    void apiChangesOnOneReplicaReachTheOtherAndAReplacedRuleStartsOver() {
        String id = idOwnedBy("b", "api-");
        a.book.add(hot(id, Duration.ZERO));
        b.cycle.run();
        assertThat(b.entry(id).status().state()).isEqualTo(RuleState.FIRING);
        a.coordinator.refresh();
        a.book.replace(hot(id, Duration.ofMinutes(10)));
        assertThat(b.entry(id).rule().forDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(b.entry(id).status().state()).isEqualTo(RuleState.PENDING_FIRST_EVALUATION);
        a.book.remove(id);
        b.coordinator.refresh();
        assertThat(b.book.get(id)).isEmpty();
        assertThat(new ArrayList<>(problems)).isEmpty();
    }
}
