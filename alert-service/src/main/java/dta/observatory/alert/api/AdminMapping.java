package dta.observatory.alert.api;

import dta.observatory.alert.dispatch.ChannelReport;
import dta.observatory.alert.hitl.Task;
import dta.observatory.alert.outbox.NotificationOutbox;
import dta.observatory.alert.silence.MaintenanceWindow;
import dta.observatory.alert.silence.Silence;
import dta.observatory.api.v1.ChannelStatus;
import dta.observatory.api.v1.DeadLetter;
import dta.observatory.api.v1.HitlTask;
import dta.observatory.api.v1.HitlTaskComment;
import dta.observatory.api.v1.HitlTaskState;
import dta.observatory.api.v1.ListChannelsResponse;
import dta.observatory.api.v1.ListSilencesResponse;
import java.util.List;

/** Translates silences, tasks, channel status and dead letters into their dta.v1 messages. Nothing else. */
final class AdminMapping {

    private AdminMapping() {
    }

    static dta.observatory.api.v1.Silence silence(Silence s, long nowMs) {
        return dta.observatory.api.v1.Silence.newBuilder().setId(s.id()).addAllMatchers(s.matchers())
                .setStartsAtMs(s.startsAtMs()).setEndsAtMs(s.endsAtMs()).setCreatedBy(text(s.createdBy()))
                .setComment(text(s.comment())).setState(s.state(nowMs)).build();
    }

    static ListSilencesResponse silences(List<Silence> silences, List<MaintenanceWindow> windows, long nowMs) {
        ListSilencesResponse.Builder b = ListSilencesResponse.newBuilder();
        silences.forEach(s -> b.addSilences(silence(s, nowMs)));
        for (MaintenanceWindow w : windows) {
            b.addMaintenanceWindows(dta.observatory.api.v1.MaintenanceWindow.newBuilder().setName(w.name())
                    .addAllMatchers(w.matchers().stream().map(Object::toString).toList())
                    .addAllDays(w.days().stream().sorted().map(Enum::name).toList()).setStart(w.start().toString())
                    .setDuration(w.duration().toString()).setZone(w.zone().getId()).setActiveNow(w.activeAt(nowMs)));
        }
        return b.build();
    }

    /** Null for UNSPECIFIED (all states); an unknown number is refused. */
    static Task.State state(HitlTaskState s) {
        return switch (s) {
            case HITL_TASK_STATE_UNSPECIFIED -> null;
            case HITL_TASK_STATE_OPEN -> Task.State.OPEN;
            case HITL_TASK_STATE_CLAIMED -> Task.State.CLAIMED;
            case HITL_TASK_STATE_DONE -> Task.State.DONE;
            case UNRECOGNIZED -> throw new IllegalArgumentException("state must be HITL_TASK_STATE_OPEN, "
                    + "HITL_TASK_STATE_CLAIMED, HITL_TASK_STATE_DONE or unspecified (all)");
        };
    }

    static HitlTask task(Task t) {
        HitlTask.Builder b = HitlTask.newBuilder().setId(t.id()).setTitle(text(t.title()))
                .setDetails(text(t.details())).setSeverity(text(t.severity())).setGroupKey(text(t.groupKey()))
                .setState(switch (t.state()) {
                    case OPEN -> HitlTaskState.HITL_TASK_STATE_OPEN;
                    case CLAIMED -> HitlTaskState.HITL_TASK_STATE_CLAIMED;
                    case DONE -> HitlTaskState.HITL_TASK_STATE_DONE;
                })
                .setCreatedAtMs(t.createdAtMs()).setClaimedBy(text(t.claimedBy())).setClaimedAtMs(t.claimedAtMs())
                .setClosedBy(text(t.closedBy())).setClosedAtMs(t.closedAtMs()).setResolution(text(t.resolution()))
                .setEscalated(t.escalated());
        t.comments().forEach(c -> b.addComments(HitlTaskComment.newBuilder().setBy(text(c.by()))
                .setText(text(c.text())).setAtMs(c.atMs())));
        return b.build();
    }

    static ListChannelsResponse channels(ChannelReport report) {
        ListChannelsResponse.Builder b = ListChannelsResponse.newBuilder().setPending(report.pending())
                .setOldestPendingAgeMs(report.oldestPendingAgeMs());
        for (dta.observatory.alert.dispatch.ChannelStatus s : report.channels()) {
            b.addChannels(ChannelStatus.newBuilder().setChannel(s.channel()).setLastSuccessAtMs(s.lastSuccessAtMs())
                    .setLastErrorAtMs(s.lastErrorAtMs()).setLastError(text(s.lastError())).setSent(s.sent())
                    .setFailed(s.failed()).setRetried(s.retried())
                    .setPending(report.pendingByChannel().getOrDefault(s.channel(), 0)));
        }
        return b.build();
    }

    static DeadLetter deadLetter(NotificationOutbox.DeadLetter d) {
        var n = d.notification();
        return DeadLetter.newBuilder().setId(n.idempotencyKey()).setChannel(n.channel()).setRoute(text(n.route()))
                .setGroupKey(text(n.groupKey())).setStatus(n.status()).addAllAlertIds(n.alertIds())
                .setAttempts(d.attempts()).setError(text(d.error())).setAtMs(d.atMs()).build();
    }

    /** Proto strings cannot be null. */
    private static String text(String s) {
        return s == null ? "" : s;
    }
}
