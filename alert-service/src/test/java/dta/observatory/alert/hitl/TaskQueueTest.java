package dta.observatory.alert.hitl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskQueueTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final JournalTaskQueue tasks = new JournalTaskQueue(3, now::get);

    @TempDir
    Path dir;

    @Test
    void openClaimedDoneWithComments() {
        Task t = tasks.open("[FIRING] pay-ok", "details", "critical", "g1");
        assertThat(tasks.claim(t.id(), "ana").state()).isEqualTo(Task.State.CLAIMED);
        assertThatThrownBy(() -> tasks.claim(t.id(), "bob")).isInstanceOf(IllegalStateException.class)
                .hasMessage("task " + t.id() + " is claimed (claimed by ana): only open tasks can be claimed");
        assertThat(tasks.comment(t.id(), "ana", "restarted the gateway").comments()).hasSize(1);
        Task done = tasks.close(t.id(), "ana", "fixed");
        assertThat(done.state()).isEqualTo(Task.State.DONE);
        assertThat(done.resolution()).isEqualTo("fixed");
        assertThatThrownBy(() -> tasks.close(t.id(), "ana", "")).hasMessage("task " + t.id() + " is already done");
        assertThat(tasks.open("again", "d", "critical", "g1").id()).as("a done task's group gets a new task")
                .isNotEqualTo(t.id());
    }

    @Test
    void unclaimedTasksEscalateOnceMarked() {
        Task t = tasks.open("x", "d", "warning", "g");
        now.addAndGet(59_999);
        assertThat(tasks.escalationDue(60_000)).isEmpty();
        now.incrementAndGet();
        assertThat(tasks.escalationDue(60_000)).singleElement().satisfies(e -> assertThat(e.id()).isEqualTo(t.id()));
        assertThat(tasks.escalationDue(60_000)).as("due until marked (the caller queues the escalation first)")
                .hasSize(1);
        assertThat(tasks.markEscalated(t.id(), 60_000)).hasValueSatisfying(e -> {
            assertThat(e.escalated()).isTrue();
            assertThat(e.comments()).extracting(Task.Comment::text).containsExactly("unclaimed for 60 s: escalated");
        });
        assertThat(tasks.escalationDue(60_000)).isEmpty();
        assertThat(tasks.markEscalated(t.id(), 60_000)).as("marking twice changes nothing").isEmpty();
        Task claimed = tasks.open("y", "d", "warning", "h");
        tasks.claim(claimed.id(), "ana");
        now.addAndGet(120_000);
        assertThat(tasks.escalationDue(60_000)).as("claimed tasks do not escalate").isEmpty();
    }

    @Test
    void unknownTasksAndEmptyCommentsAreRefused() {
        assertThatThrownBy(() -> tasks.claim("nope", "a")).hasMessage("no task with id 'nope'");
        Task t = tasks.open("x", "d", "warning", "g");
        assertThatThrownBy(() -> tasks.comment(t.id(), "a", " ")).hasMessage("a comment needs text");
    }

    @Test
    void tasksStatesCommentsAndEscalationSurviveARestartOnTheSameFile() {
        Path file = dir.resolve("tasks.journal");
        Task open;
        Task claimed;
        Task done;
        try (JournalTaskQueue q = JournalTaskQueue.open(file, 10, 1 << 20, now::get)) {
            open = q.open("[FIRING] pay-ok", "pay-ok < 0.95", "critical", "g-open");
            q.open("[FIRING] pay-ok again", "still", "critical", "g-open"); // a comment on the same task
            now.addAndGet(60_000);
            q.markEscalated(open.id(), 60_000);
            claimed = q.open("[FIRING] disk", "disk full", "warning", "g-claimed");
            q.claim(claimed.id(), "ana");
            q.comment(claimed.id(), "ana", "cleaning /var");
            done = q.open("[FIRING] cpu", "cpu hot", "warning", "g-done");
            q.close(done.id(), "bob", "false alarm");
        } // closed like a kill -9: nothing is written at close, every change was forced when it returned

        now.addAndGet(1_000);
        try (JournalTaskQueue q = JournalTaskQueue.open(file, 10, 1 << 20, now::get)) {
            assertThat(q.list(Task.State.OPEN)).singleElement().satisfies(t -> {
                assertThat(t.id()).isEqualTo(open.id());
                assertThat(t.escalated()).as("not escalated twice after a restart").isTrue();
                assertThat(t.comments()).extracting(Task.Comment::text)
                        .containsExactly("[FIRING] pay-ok again\nstill", "unclaimed for 60 s: escalated");
            });
            assertThat(q.escalationDue(60_000)).isEmpty();
            assertThat(q.get(claimed.id())).hasValueSatisfying(t -> {
                assertThat(t.state()).isEqualTo(Task.State.CLAIMED);
                assertThat(t.claimedBy()).isEqualTo("ana");
                assertThat(t.comments()).extracting(Task.Comment::text).containsExactly("cleaning /var");
            });
            assertThat(q.get(done.id())).hasValueSatisfying(t -> {
                assertThat(t.state()).isEqualTo(Task.State.DONE);
                assertThat(t.resolution()).isEqualTo("false alarm");
            });
            assertThatThrownBy(() -> q.claim(claimed.id(), "bob")).isInstanceOf(IllegalStateException.class);
            assertThat(q.open("[FIRING] disk", "again", "warning", "g-claimed").id())
                    .as("the group's task is found again: a comment, not a second task").isEqualTo(claimed.id());
            Task fresh = q.open("[FIRING] new", "n", "warning", "g-new");
            assertThat(fresh.id()).isNotIn(open.id(), claimed.id(), done.id());
        }
    }

    @Test
    void aTornLastRecordIsCutAndTheTasksBeforeItStay() throws IOException {
        Path file = dir.resolve("tasks.journal");
        Task t;
        try (JournalTaskQueue q = JournalTaskQueue.open(file, 10, 1 << 20, now::get)) {
            t = q.open("[FIRING] pay-ok", "d", "critical", "g");
        }
        Files.write(file, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND); // a write cut short
        try (JournalTaskQueue q = JournalTaskQueue.open(file, 10, 1 << 20, now::get)) {
            assertThat(q.list(null)).extracting(Task::id).containsExactly(t.id());
            q.claim(t.id(), "ana");
        }
        try (JournalTaskQueue q = JournalTaskQueue.open(file, 10, 1 << 20, now::get)) {
            assertThat(q.get(t.id())).hasValueSatisfying(x -> assertThat(x.state()).isEqualTo(Task.State.CLAIMED));
        }
    }

    /** Opens 4 tasks (capacity 3) with 10 comments each; returns the journal size. */
    private long busyDay(Path file, long compactBytes) {
        now.set(1_000);
        try (JournalTaskQueue q = JournalTaskQueue.open(file, 3, compactBytes, now::get)) {
            Task first = q.open("first", "d", "warning", "g0");
            q.close(first.id(), "ana", "done");
            for (int i = 1; i <= 3; i++) {
                now.incrementAndGet();
                Task t = q.open("task " + i, "d", "warning", "g" + i);
                for (int c = 0; c < 10; c++) {
                    q.comment(t.id(), "ana", "note " + c + " on task " + i);
                }
            }
            assertThat(q.list(null)).as("capacity 3: the done task went first").extracting(Task::title)
                    .containsExactly("task 3", "task 2", "task 1");
            return q.journalBytes();
        }
    }

    @Test
    void compactionKeepsEveryTaskAndEvictionIsJournaled() {
        long full = busyDay(dir.resolve("full.journal"), Long.MAX_VALUE);
        long compacted = busyDay(dir.resolve("tasks.journal"), 2_000);
        assertThat(compacted).isLessThan(full);
        for (String name : new String[] {"full.journal", "tasks.journal"}) {
            try (JournalTaskQueue q = JournalTaskQueue.open(dir.resolve(name), 3, 2_000, now::get)) {
                assertThat(q.list(null)).as(name).extracting(Task::title)
                        .containsExactly("task 3", "task 2", "task 1");
                assertThat(q.list(null)).as(name).allSatisfy(t -> assertThat(t.comments()).hasSize(10));
            }
        }
    }
}
