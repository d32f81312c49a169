package dta.observatory.alert.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.alert.hitl.Task;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The shared human review queue against a real PostgreSQL: two replicas' views of it, and their races. */
class PgTaskQueueTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private PgTaskQueue a;
    private PgTaskQueue b;

    @BeforeEach
    void database() throws Exception {
        DataSource db = TestDatabase.fresh();
        a = new PgTaskQueue(db, 3, now::get);
        b = new PgTaskQueue(db, 3, now::get);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aTaskOpenedThroughOneReplicaIsListedClaimedAndClosedThroughTheOther() {
        Task t = a.open("[FIRING] pay-ok", "details", "critical", "g1");
        assertThat(b.list(Task.State.OPEN)).extracting(Task::id).containsExactly(t.id());
        assertThat(b.claim(t.id(), "ana").claimedBy()).isEqualTo("ana");
        assertThat(a.task(t.id()).state()).isEqualTo(Task.State.CLAIMED);
        assertThatThrownBy(() -> a.claim(t.id(), "bob")).isInstanceOf(IllegalStateException.class)
                .hasMessage("task " + t.id() + " is claimed (claimed by ana): only open tasks can be claimed");
        assertThat(a.comment(t.id(), "ana", "restarted the gateway").comments())
                .extracting(Task.Comment::text).containsExactly("restarted the gateway");
        Task done = b.close(t.id(), "ana", "fixed");
        assertThat(a.get(t.id())).contains(done);
        assertThat(done.resolution()).isEqualTo("fixed");
        assertThatThrownBy(() -> a.close(t.id(), "ana", "")).hasMessage("task " + t.id() + " is already done");
        assertThatThrownBy(() -> b.claim("nope", "ana")).hasMessage("no task with id 'nope'");
        assertThatThrownBy(() -> b.comment(t.id(), "ana", " ")).hasMessage("a comment needs text");
        assertThat(a.open("again", "d", "critical", "g1").id()).as("a done task's group gets a new task")
                .isNotEqualTo(t.id());
    }

    @Test
    void twoPeopleClaimingOneTaskThroughTwoReplicasAtOnceGetOneClaim() throws Exception {
        Task t = a.open("x", "d", "critical", "g");
        List<Callable<String>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            PgTaskQueue replica = i % 2 == 0 ? a : b;
            String who = "person-" + i;
            claims.add(() -> replica.claim(t.id(), who).claimedBy());
        }
        List<String> won = new ArrayList<>();
        int refused = 0;
        for (Future<String> f : threads.invokeAll(claims)) {
            try {
                won.add(f.get());
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                refused++;
            }
        }
        assertThat(won).hasSize(1);
        assertThat(refused).isEqualTo(7);
        assertThat(b.task(t.id()).claimedBy()).isEqualTo(won.get(0));
    }

    @Test
    void notificationsOfOneGroupThroughBothReplicasAtOnceMakeOneTaskWithTheRestAsComments() throws Exception {
        List<Callable<String>> opens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            PgTaskQueue replica = i % 2 == 0 ? a : b;
            String title = "notification " + i;
            opens.add(() -> replica.open(title, "d", "critical", "group-1").id());
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : threads.invokeAll(opens)) {
            ids.add(f.get());
        }
        assertThat(ids).as("every notification landed on the same task").containsOnly(ids.get(0));
        assertThat(a.list(null)).singleElement().satisfies(t -> assertThat(t.comments()).hasSize(9));
    }

    @Test
    void everyReplicaSeesAnUnclaimedTaskDueButOnlyOneMarksIt() {
        Task t = a.open("x", "d", "warning", "g");
        Task claimed = b.open("y", "d", "warning", "h");
        b.claim(claimed.id(), "ana");
        now.addAndGet(59_999);
        assertThat(b.escalationDue(60_000)).isEmpty();
        now.incrementAndGet();
        assertThat(a.escalationDue(60_000)).extracting(Task::id).containsExactly(t.id());
        assertThat(b.escalationDue(60_000)).extracting(Task::id).containsExactly(t.id());
        assertThat(b.markEscalated(t.id(), 60_000)).hasValueSatisfying(e -> assertThat(e.comments())
                .extracting(Task.Comment::text).containsExactly("unclaimed for 60 s: escalated"));
        assertThat(a.markEscalated(t.id(), 60_000)).as("already marked by the other replica").isEmpty();
        assertThat(a.escalationDue(60_000)).isEmpty();
        assertThat(a.task(t.id()).comments()).as("one escalation comment, not two").hasSize(1);
    }

    @Test
    void pastCapacityTheOldestDoneTaskGoesThenTheOldest() {
        Task first = a.open("1", "d", "warning", "g1");
        now.incrementAndGet();
        Task second = b.open("2", "d", "warning", "g2");
        now.incrementAndGet();
        Task third = a.open("3", "d", "warning", "g3");
        b.close(second.id(), "ana", "");
        now.incrementAndGet();
        Task fourth = b.open("4", "d", "warning", "g4");
        assertThat(a.list(null)).extracting(Task::id).containsExactly(fourth.id(), third.id(), first.id());
        now.incrementAndGet();
        Task fifth = a.open("5", "d", "warning", "g5");
        assertThat(b.list(null)).extracting(Task::id).containsExactly(fifth.id(), fourth.id(), third.id());
    }

    @Test
    void anUnreachableDatabaseIsAnIoFailureNotARefusal() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
        PgTaskQueue down = new PgTaskQueue(nowhere, 3, now::get);
        assertThatThrownBy(() -> down.open("x", "d", "critical", "g")).isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("hitl tasks in PostgreSQL: cannot");
        assertThatThrownBy(() -> down.list(null)).isInstanceOf(UncheckedIOException.class);
    }
}
