package dta.observatory.watcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.rules.Aggregate;
import dta.observatory.watcher.rules.Comparator;
import dta.observatory.watcher.rules.RuleState;
import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.WatchRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The member and rule repositories against a real PostgreSQL (plain JDBC, no framework). */
class RepositoriesTest {

    private static TestDatabase db;
    private MemberRepository members;
    private RuleRepository rules;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void emptyTables() throws Exception {
        db.execute("TRUNCATE watcher_member, watcher_rule, watcher_rule_state");
        members = new MemberRepository(db.dataSource);
        rules = new RuleRepository(db.dataSource);
    }

    static WatchRule rule(String id, double threshold) {
        return new WatchRule(id, "cpu", Map.of("host", "a"), 3, Aggregate.AVG, Comparator.GT, threshold,
                Duration.ofMinutes(5), List.of("webhook"), "warning", "");
    }

    static List<RuleBook.SeriesStatus> pendingSince(long ms) {
        return List.of(new RuleBook.SeriesStatus(Map.of(), new RuleStatus(RuleState.PENDING, 97.5, Double.NaN,
                Double.NaN, ms + 2000, 0, ms, ms + 2000, false, "")));
    }

    @Test
    void aMemberIsLiveWhileItsHeartbeatIsYoungerThanTheTimeoutByTheDatabaseClock() throws Exception {
        members.heartbeat("w-1");
        members.heartbeat("w-2");
        assertThat(members.live(Duration.ofSeconds(30))).containsExactly("w-1", "w-2");
        // w-2 last beat a minute ago (database time): dead for a 30 s timeout, alive for a 2 min one.
        db.execute("UPDATE watcher_member SET last_heartbeat = now() - interval '60 seconds' WHERE id = 'w-2'");
        assertThat(members.live(Duration.ofSeconds(30))).containsExactly("w-1");
        assertThat(members.live(Duration.ofMinutes(2))).containsExactly("w-1", "w-2");
        members.heartbeat("w-2");
        assertThat(members.live(Duration.ofSeconds(30))).containsExactly("w-1", "w-2");
        members.leave("w-1");
        assertThat(members.live(Duration.ofSeconds(30))).containsExactly("w-2");
    }

    @Test
    void membersSilentForAnHourAreForgotten() throws Exception {
        members.heartbeat("old");
        db.execute("UPDATE watcher_member SET last_heartbeat = now() - interval '2 hours'");
        members.heartbeat("new");
        assertThat(members.live(Duration.ofDays(1))).containsExactly("new");
    }

    @Test
    void apiRulesAreStoredReplacedAndDeletedAndAnIdIsTakenOnce() {
        rules.insertRule(rule("r1", 90));
        assertThatThrownBy(() -> rules.insertRule(rule("r1", 80))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already exists");
        List<String> problems = new ArrayList<>();
        assertThat(rules.rules(problems)).containsExactly(Map.entry("r1", rule("r1", 90)));

        rules.replaceRule(rule("r1", 70));
        assertThat(rules.rules(problems).get("r1").threshold()).isEqualTo(70);
        assertThatThrownBy(() -> rules.replaceRule(rule("nope", 1))).isInstanceOf(NoSuchElementException.class);

        assertThat(rules.deleteRule("r1")).isTrue();
        assertThat(rules.deleteRule("r1")).isFalse();
        assertThat(rules.rules(problems)).isEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void aStateRoundTripsWithItsRuleOwnerAndNaNs() {
        WatchRule r = rule("r1", 90);
        OptionalLong v = rules.writeState(r, RuleBook.API, pendingSince(1_000), "w-1", 0);
        assertThat(v).isPresent();
        RuleRepository.StoredState s = rules.states(new ArrayList<>()).get("r1");
        assertThat(s.owner()).isEqualTo("w-1");
        assertThat(s.version()).isEqualTo(v.getAsLong());
        assertThat(s.rule().toRule("r1")).isEqualTo(r);
        assertThat(s.series()).hasSize(1);
        RuleStatus st = s.series().get(0).status();
        assertThat(st.state()).isEqualTo(RuleState.PENDING);
        assertThat(st.activeSinceMs()).isEqualTo(1_000);
        assertThat(st.value()).isEqualTo(97.5);
        assertThat(st.baseline()).isNaN();
    }

    @Test
    void aStateWriteAgainstAnOlderVersionFailsSoOnlyOneOfTwoOwnersRecords() {
        WatchRule r = rule("r1", 90);
        long v1 = rules.writeState(r, RuleBook.API, pendingSince(1_000), "w-1", 0).getAsLong();
        // A second "first" write (another replica that also saw no state) loses.
        assertThat(rules.writeState(r, RuleBook.API, pendingSince(5_000), "w-2", 0)).isEmpty();
        // Both read v1; w-1 writes first, w-2's write against v1 then fails.
        long v2 = rules.writeState(r, RuleBook.API, pendingSince(1_000), "w-1", v1).getAsLong();
        assertThat(v2).isGreaterThan(v1);
        assertThat(rules.writeState(r, RuleBook.API, pendingSince(9_000), "w-2", v1)).isEmpty();
        RuleRepository.StoredState s = rules.states(new ArrayList<>()).get("r1");
        assertThat(s.owner()).isEqualTo("w-1");
        assertThat(s.version()).isEqualTo(v2);
        assertThat(s.series().get(0).status().activeSinceMs()).isEqualTo(1_000);
    }

    @Test
    void replacingOrDeletingARuleDropsItsStateAndVersionsKeepGrowing() {
        rules.insertRule(rule("r1", 90));
        long v1 = rules.writeState(rule("r1", 90), RuleBook.API, pendingSince(1_000), "w-1", 0).getAsLong();
        rules.replaceRule(rule("r1", 50));
        assertThat(rules.states(new ArrayList<>())).isEmpty();
        long v2 = rules.writeState(rule("r1", 50), RuleBook.API, pendingSince(2_000), "w-1", 0).getAsLong();
        assertThat(v2).isGreaterThan(v1);
        rules.deleteRule("r1");
        assertThat(rules.states(new ArrayList<>())).isEmpty();
    }
}
