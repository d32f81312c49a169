package dta.observatory.alert.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared state log and the replica that follows it, and the group lock, against a real PostgreSQL. */
class PgStateLogTest {

    private DataSource db;

    @BeforeEach
    void database() throws Exception {
        db = TestDatabase.fresh();
    }

    @Test
    void aReplicaAppliesEveryOtherReplicasRecordOnceInOrderAndNotItsOwn() {
        PgStateLog a = new PgStateLog(db, "a");
        PgStateLog b = new PgStateLog(db, "b");
        List<String> seenByB = new ArrayList<>();
        StateFollower followerB = new StateFollower(b, node -> seenByB.add(node.path("x").asText()));
        a.record(PgOutbox.JSON.createObjectNode().put("t", "alert").put("x", "a1"));
        b.record(PgOutbox.JSON.createObjectNode().put("t", "ack").put("x", "b1"));
        a.record(PgOutbox.JSON.createObjectNode().put("t", "silence").put("x", "a2"));
        assertThat(followerB.catchUp()).isEqualTo(2);
        assertThat(seenByB).containsExactly("a1", "a2");
        assertThat(followerB.catchUp()).as("nothing new").isZero();
        a.record(PgOutbox.JSON.createObjectNode().put("t", "alert").put("x", "a3"));
        followerB.catchUp();
        assertThat(seenByB).containsExactly("a1", "a2", "a3");

        // a replica starting later (a fresh id) applies everything, its predecessor's records too
        List<JsonNode> seenByNew = new ArrayList<>();
        new StateFollower(new PgStateLog(db, "a-restarted"), seenByNew::add).catchUp();
        assertThat(seenByNew).extracting(n -> n.path("t").asText()).containsExactly("alert", "ack", "silence", "alert");
    }

    @Test
    void recordsWrittenConcurrentlyAreAllSeenByAFollowerReadingMeanwhile() throws Exception {
        List<String> seen = new ArrayList<>();
        StateFollower follower = new StateFollower(new PgStateLog(db, "reader"), n -> seen.add(n.path("x").asText()));
        List<Thread> writers = new ArrayList<>();
        for (String w : List.of("w1", "w2", "w3")) {
            PgStateLog log = new PgStateLog(db, w);
            writers.add(new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    log.record(PgOutbox.JSON.createObjectNode().put("t", "alert").put("x", w + "-" + i));
                }
            }));
        }
        writers.forEach(Thread::start);
        while (writers.stream().anyMatch(Thread::isAlive)) {
            follower.catchUp(); // reading while writers commit: none may be skipped
        }
        for (Thread t : writers) {
            t.join();
        }
        follower.catchUp();
        assertThat(seen).hasSize(150).doesNotHaveDuplicates();
    }

    private static ObjectNode node(String x) {
        return PgOutbox.JSON.createObjectNode().put("t", "alert").put("x", x);
    }

    private static long rows(DataSource db) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM alert_state_log")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aSnapshotReplacesTheRowsItCoversAndAReplicaStartingLaterBeginsFromIt() throws Exception {
        PgStateLog a = new PgStateLog(db, "a");
        for (int i = 1; i <= 5; i++) {
            a.record(node("a" + i));
        }
        StateFollower leader = new StateFollower(new PgStateLog(db, "leader"), n -> { });
        leader.catchUp();
        assertThat(leader.sinceSnapshot()).isEqualTo(5);
        assertThat(leader.snapshot(List.of(node("live-1"), node("live-2")))).isTrue();
        assertThat(leader.sinceSnapshot()).isZero();
        assertThat(rows(db)).as("the rows the snapshot covers are gone").isZero();
        a.record(node("a6"));

        List<String> seen = new ArrayList<>();
        new StateFollower(new PgStateLog(db, "new"), n -> seen.add(n.path("x").asText())).catchUp();
        assertThat(seen).containsExactly("live-1", "live-2", "a6");
    }

    @Test
    void aReplicaBehindACompactionLoadsTheSnapshotThenItsOwnLaterRecordsAgain() {
        PgStateLog a = new PgStateLog(db, "a");
        PgStateLog c = new PgStateLog(db, "c");
        List<String> seenByC = new ArrayList<>();
        StateFollower followerC = new StateFollower(c, n -> seenByC.add(n.path("x").asText()));
        a.record(node("a1"));
        followerC.catchUp();
        c.record(node("c1")); // applied by c when written, so not by its follower
        a.record(node("a2"));
        StateFollower leader = new StateFollower(new PgStateLog(db, "leader"), n -> { });
        leader.catchUp();
        leader.snapshot(List.of(node("state-with-a1-c1-a2")));
        c.record(node("c2")); // after the snapshot: the snapshot does not hold it
        a.record(node("a3"));

        followerC.catchUp();
        assertThat(seenByC).as("a2 was compacted before c read it: the snapshot instead, then c2 again (it is newer "
                + "than the snapshot c just applied), then a3")
                .containsExactly("a1", "state-with-a1-c1-a2", "c2", "a3");
        a.record(node("a4"));
        c.record(node("c3"));
        followerC.catchUp();
        assertThat(seenByC).as("back to skipping its own").endsWith("a3", "a4");
    }

    @Test
    void anOlderSnapshotNeverReplacesANewerOne() {
        PgStateLog a = new PgStateLog(db, "a");
        a.record(node("a1"));
        StateFollower slow = new StateFollower(new PgStateLog(db, "slow"), n -> { });
        slow.catchUp();
        a.record(node("a2"));
        StateFollower fast = new StateFollower(new PgStateLog(db, "fast"), n -> { });
        fast.catchUp();
        assertThat(fast.snapshot(List.of(node("up-to-a2")))).isTrue();
        assertThat(slow.snapshot(List.of(node("up-to-a1")))).isFalse();
        assertThat(a.snapshot().records()).extracting(n -> n.path("x").asText()).containsExactly("up-to-a2");
    }

    @Test
    void aReaderMissesNothingWhileWritersWriteAndALeaderCompacts() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        StateFollower reader = new StateFollower(new PgStateLog(db, "reader"), n -> seen.add(n.path("x").asText()));
        Set<String> leaderState = new LinkedHashSet<>();
        StateFollower leader = new StateFollower(new PgStateLog(db, "leader"),
                n -> leaderState.add(n.path("x").asText()));
        List<Thread> writers = new ArrayList<>();
        for (String w : List.of("w1", "w2", "w3")) {
            PgStateLog log = new PgStateLog(db, w);
            writers.add(new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    log.record(node(w + "-" + i));
                }
            }));
        }
        writers.forEach(Thread::start);
        int compactions = 0;
        while (writers.stream().anyMatch(Thread::isAlive)) {
            reader.catchUp();
            leader.catchUp();
            if (leader.snapshot(leaderState.stream().map(PgStateLogTest::node).toList())) {
                compactions++;
            }
        }
        for (Thread t : writers) {
            t.join();
        }
        reader.catchUp();
        assertThat(compactions).isPositive();
        assertThat(seen).hasSize(300);
    }

    @Test
    void oneReplicaAtATimeDecidesGroupsAndAnotherTakesOverWhenItGoes() {
        GroupLeadership a = new GroupLeadership(db, "a");
        GroupLeadership b = new GroupLeadership(db, "b");
        try {
            assertThat(a.refresh()).isTrue();
            assertThat(b.refresh()).isFalse();
            assertThat(a.refresh()).as("still holds it").isTrue();
            a.close(); // as when its process dies: the session and its lock end
            assertThat(b.refresh()).isTrue();
            assertThat(a.refresh()).isFalse();
        } finally {
            a.close();
            b.close();
        }
    }
}
