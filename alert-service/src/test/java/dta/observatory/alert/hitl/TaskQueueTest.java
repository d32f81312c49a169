package dta.observatory.alert.hitl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TaskQueueTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final TaskQueue tasks = new TaskQueue(3, now::get);

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
    void unclaimedTasksEscalateOnce() {
        Task t = tasks.open("x", "d", "warning", "g");
        now.addAndGet(59_999);
        assertThat(tasks.escalate(60_000)).isEmpty();
        now.incrementAndGet();
        assertThat(tasks.escalate(60_000)).singleElement().satisfies(e -> assertThat(e.escalated()).isTrue());
        assertThat(tasks.escalate(60_000)).isEmpty();
        Task claimed = tasks.open("y", "d", "warning", "h");
        tasks.claim(claimed.id(), "ana");
        now.addAndGet(120_000);
        assertThat(tasks.escalate(60_000)).as("claimed tasks do not escalate").isEmpty();
        assertThat(tasks.get(t.id())).isPresent();
    }

    @Test
    void unknownTasksAndEmptyCommentsAreRefused() {
        assertThatThrownBy(() -> tasks.claim("nope", "a")).hasMessage("no task with id 'nope'");
        Task t = tasks.open("x", "d", "warning", "g");
        assertThatThrownBy(() -> tasks.comment(t.id(), "a", " ")).hasMessage("a comment needs text");
    }
}
