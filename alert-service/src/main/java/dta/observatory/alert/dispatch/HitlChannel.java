package dta.observatory.alert.dispatch;

import dta.observatory.alert.hitl.TaskQueue;

/** The hitl channel: a notification becomes a task in the built-in queue (or a comment on its group's task). */
public final class HitlChannel implements Channel {

    public static final String NAME = "hitl";

    private final TaskQueue tasks;

    public HitlChannel(TaskQueue tasks) {
        this.tasks = tasks;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(Notification n) {
        tasks.open(Texts.title(n), Texts.details(n), n.alert().event().severity(), n.groupKey());
    }
}
