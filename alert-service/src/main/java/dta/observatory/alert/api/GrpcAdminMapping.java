package dta.observatory.alert.api;

import dta.observatory.alert.dispatch.ChannelStatus;
import dta.observatory.alert.hitl.Task;
import dta.observatory.alert.outbox.Outbox;
import dta.observatory.alert.silence.Silence;
import dta.observatory.api.v1.DeadLetter;

/** Translates silences, tasks, channel status and dead letters into the dta.v1 messages. */
final class GrpcAdminMapping {

    private GrpcAdminMapping() {
    }

    static dta.observatory.api.v1.Silence silence(Silence s, long nowMs) {
        return dta.observatory.api.v1.Silence.newBuilder().setId(s.id()).addAllMatchers(s.matchers())
                .setStartsAtMs(s.startsAtMs()).setEndsAtMs(s.endsAtMs()).setCreatedBy(s.createdBy())
                .setComment(s.comment()).setState(s.state(nowMs)).build();
    }

    static dta.observatory.api.v1.Task task(Task t) {
        dta.observatory.api.v1.Task.Builder b = dta.observatory.api.v1.Task.newBuilder().setId(t.id())
                .setTitle(t.title()).setDetails(t.details()).setSeverity(t.severity() == null ? "" : t.severity())
                .setState(t.state().name()).setCreatedAtMs(t.createdAtMs())
                .setClaimedBy(t.claimedBy() == null ? "" : t.claimedBy())
                .setClosedBy(t.closedBy() == null ? "" : t.closedBy())
                .setResolution(t.resolution() == null ? "" : t.resolution()).setEscalated(t.escalated());
        t.comments().forEach(c -> b.addComments(c.by() + ": " + c.text()));
        return b.build();
    }

    static dta.observatory.api.v1.ChannelStatus channel(ChannelStatus s, int pending) {
        return dta.observatory.api.v1.ChannelStatus.newBuilder().setChannel(s.channel())
                .setLastSuccessAtMs(s.lastSuccessAtMs()).setLastErrorAtMs(s.lastErrorAtMs())
                .setLastError(s.lastError() == null ? "" : s.lastError()).setSent(s.sent()).setFailed(s.failed())
                .setRetried(s.retried()).setPending(pending).build();
    }

    static DeadLetter deadLetter(Outbox.DeadLetter d) {
        var n = d.notification();
        DeadLetter.Builder b = DeadLetter.newBuilder().setId(n.idempotencyKey()).setChannel(n.channel())
                .setRoute(n.route()).setGroupKey(n.groupKey()).setAttempts(d.attempts())
                .setError(d.error() == null ? "" : d.error()).setAtMs(d.atMs());
        n.firing().forEach(r -> b.addAlertIds(r.id()));
        n.resolved().forEach(r -> b.addAlertIds(r.id()));
        return b.build();
    }
}
