package dta.observatory.alert.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.alerts.AlertEvent.Status;
import dta.observatory.alert.alerts.AlertLabels;
import dta.observatory.alert.alerts.AlertRecord;
import dta.observatory.alert.routing.Route;
import dta.observatory.alert.testing.Alerts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Time is an argument: every step below is at an exact millisecond, no sleeping. */
class GrouperTest {

    private static final Route ROUTE = new Route("root", List.of(), List.of("webhook"), List.of("rule"),
            Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(300), true, false, List.of());
    private static final List<String> CH = List.of("webhook");

    private final Grouper grouper = new Grouper(10_000);

    private static AlertRecord alert(String rule, String instance, Status status) {
        return Alerts.record(Alerts.event(rule, status, "warning", Map.of("instance", instance)));
    }

    private List<GroupNotification> flush(long at) {
        return grouper.flush(at, r -> false);
    }

    @Test
    void aStormOf100FiringSeriesBecomesOneNotificationPerGroup() {
        for (int i = 0; i < 100; i++) {
            grouper.add(ROUTE, CH, alert("pay-ok", "node-" + i, Status.FIRING), 1_000 + i);
        }
        for (int i = 0; i < 3; i++) {
            grouper.add(ROUTE, CH, alert("disk-full", "node-" + i, Status.FIRING), 1_000);
        }
        assertThat(flush(10_999)).as("group_wait not over").isEmpty();
        List<GroupNotification> sent = flush(11_000);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).firing()).hasSize(100);
        assertThat(sent.get(0).groupLabels()).containsEntry("rule", "pay-ok");
        assertThat(sent.get(1).firing()).hasSize(3);
        assertThat(flush(11_200)).as("nothing changed").isEmpty();
    }

    @Test
    void theSameAlertAgainIsDeduplicated() {
        grouper.add(ROUTE, CH, alert("pay-ok", "a", Status.FIRING), 0);
        assertThat(flush(10_000)).hasSize(1);
        assertThat(grouper.add(ROUTE, CH, alert("pay-ok", "a", Status.FIRING), 20_000)).isFalse();
        assertThat(flush(70_000)).as("a repeat of a firing alert is no news").isEmpty();
        assertThat(grouper.deduplicated()).isEqualTo(1);
    }

    @Test
    void changesWaitForGroupIntervalAndResolvedIsSentOnce() {
        grouper.add(ROUTE, CH, alert("pay-ok", "a", Status.FIRING), 0);
        assertThat(flush(10_000)).hasSize(1);
        grouper.add(ROUTE, CH, alert("pay-ok", "b", Status.FIRING), 20_000);
        assertThat(flush(69_999)).isEmpty();
        GroupNotification second = flush(70_000).get(0);
        assertThat(second.firing()).hasSize(2);
        grouper.add(ROUTE, CH, alert("pay-ok", "a", Status.RESOLVED), 80_000);
        grouper.add(ROUTE, CH, alert("pay-ok", "b", Status.RESOLVED), 80_000);
        GroupNotification third = flush(130_000).get(0);
        assertThat(third.firing()).isEmpty();
        assertThat(third.resolved()).hasSize(2);
        assertThat(flush(500_000)).as("resolved alerts are forgotten once notified").isEmpty();
        assertThat(grouper.groups()).isZero();
    }

    @Test
    void aRouteWithoutResolvedNotificationsDropsThemSilently() {
        Route quiet = new Route("quiet", List.of(), CH, List.of("rule"), Duration.ZERO, Duration.ofSeconds(60),
                Duration.ofSeconds(300), false, false, List.of());
        grouper.add(quiet, CH, alert("pay-ok", "a", Status.FIRING), 0);
        assertThat(flush(0)).hasSize(1);
        grouper.add(quiet, CH, alert("pay-ok", "a", Status.RESOLVED), 10_000);
        assertThat(flush(60_000)).isEmpty();
        assertThat(grouper.groups()).isZero();
    }

    @Test
    void aFlappingAlertBetweenTwoNotificationsIsNotNotified() {
        grouper.add(ROUTE, CH, alert("pay-ok", "a", Status.FIRING), 0);
        assertThat(flush(10_000)).hasSize(1);
        grouper.add(ROUTE, CH, alert("pay-ok", "a", Status.RESOLVED), 20_000);
        grouper.add(ROUTE, CH, alert("pay-ok", "a", Status.FIRING), 30_000);
        assertThat(flush(70_000)).isEmpty();
    }

    @Test
    void unacknowledgedFiringGroupsRepeatAfterRepeatIntervalAndAckStopsThat() {
        AlertRecord a = alert("pay-ok", "a", Status.FIRING);
        grouper.add(ROUTE, CH, a, 0);
        GroupNotification first = flush(10_000).get(0);
        assertThat(flush(309_999)).isEmpty();
        GroupNotification repeat = flush(310_000).get(0);
        assertThat(repeat.repeat()).isTrue();
        assertThat(repeat.idempotencyKey()).isNotEqualTo(first.idempotencyKey());

        assertThat(grouper.acknowledge(AlertLabels.fingerprint(a.event()))).isTrue();
        assertThat(flush(610_000)).as("acknowledged: no more repeats").isEmpty();

        grouper.add(ROUTE, CH, alert("pay-ok", "a", Status.RESOLVED), 620_000);
        grouper.add(ROUTE, CH, alert("pay-ok", "a", Status.RESOLVED), 620_001);
        assertThat(flush(680_000)).singleElement().satisfies(n -> assertThat(n.resolved()).hasSize(1));
        grouper.add(ROUTE, CH, alert("pay-ok", "a", Status.FIRING), 700_000);
        assertThat(flush(710_000)).as("firing anew clears the ack").hasSize(1);
    }

    @Test
    void mutedAlertsAreLeftOutAndNotifiedWhenTheMuteEnds() {
        AlertRecord a = alert("pay-ok", "a", Status.FIRING);
        grouper.add(ROUTE, CH, a, 0);
        assertThat(grouper.flush(10_000, r -> true)).isEmpty();
        assertThat(grouper.flush(20_000, r -> false)).singleElement()
                .satisfies(n -> assertThat(n.firing()).containsExactly(a));
    }

    @Test
    void theSameContentGetsTheSameIdempotencyKeyAfterARestart() {
        AlertRecord a = alert("pay-ok", "a", Status.FIRING);
        grouper.add(ROUTE, CH, a, 0);
        Grouper afterRestart = new Grouper(10);
        afterRestart.add(ROUTE, CH, a, 0);
        assertThat(afterRestart.flush(10_000, r -> false).get(0).idempotencyKey())
                .isEqualTo(flush(10_000).get(0).idempotencyKey());
    }

    @Test
    void whatWasNotifiedBeforeARestartIsNotSentAgain() {
        AlertRecord a = alert("pay-ok", "a", Status.FIRING);
        grouper.add(ROUTE, CH, a, 0);
        GroupNotification n = flush(10_000).get(0);
        Grouper restarted = new Grouper(10);
        restarted.add(ROUTE, CH, a, 0);
        restarted.markNotified(n.key(), AlertLabels.fingerprint(a.event()), Status.FIRING, 10_000);
        assertThat(restarted.flush(20_000, r -> false)).isEmpty();
        assertThat(restarted.flush(310_000, r -> false)).singleElement().satisfies(x -> assertThat(x.repeat()).isTrue());
    }

    @Test
    void theBoundIsCounted() {
        Grouper small = new Grouper(2);
        for (int i = 0; i < 5; i++) {
            small.add(ROUTE, CH, alert("r", "i" + i, AlertEvent.Status.FIRING), 0);
        }
        assertThat(small.alerts()).isEqualTo(2);
        assertThat(small.dropped()).isEqualTo(3);
    }

    @Test
    void notifiedFiringIsWhatAlertmanagerMustKeepHearingAbout() {
        List<String> am = List.of("alertmanager");
        AlertRecord a = alert("pay-ok", "a", Status.FIRING);
        grouper.add(ROUTE, am, a, 0);
        grouper.add(ROUTE, CH, alert("disk", "b", Status.FIRING), 0); // another channel
        assertThat(grouper.notifiedFiring("alertmanager")).as("not notified yet").isEmpty();
        flush(10_000);
        assertThat(grouper.notifiedFiring("alertmanager")).containsExactly(a);
        grouper.acknowledge(AlertLabels.fingerprint(a.event()));
        assertThat(grouper.notifiedFiring("alertmanager")).as("acknowledged alerts still fire").containsExactly(a);
        grouper.add(ROUTE, am, alert("pay-ok", "a", Status.RESOLVED), 20_000);
        assertThat(grouper.notifiedFiring("alertmanager")).as("resolved: no longer re-sent").isEmpty();
    }
}
