package dta.observatory.alert.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
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
