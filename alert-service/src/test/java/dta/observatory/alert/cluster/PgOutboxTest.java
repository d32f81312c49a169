package dta.observatory.alert.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.alert.dispatch.Notification;
import dta.observatory.alert.dispatch.RetryPolicy;
import dta.observatory.alert.outbox.NotificationOutbox.DeadLetter;
import dta.observatory.alert.outbox.NotificationOutbox.Pending;
import dta.observatory.alert.testing.Alerts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL outbox against a real PostgreSQL: what two replicas sharing it may and may not do. */
class PgOutboxTest {

    private static final long LEASE = 5_000;
    private final RetryPolicy retry = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1), 0.0);
    private DataSource db;

    @BeforeEach
    void database() throws Exception {
        db = TestDatabase.fresh();
    }

    private PgOutbox replica(String name) {
        return new PgOutbox(db, name, LEASE, retry, 1_000, 10, () -> 0.5, () -> 1_000);
    }

    private static Notification n(String key) {
        return Notification.single("webhook", Alerts.firing("pay-ok", Map.of("i", key)), key, 1_000);
    }

    private static List<Notification> many(int count) {
        return IntStream.range(0, count).mapToObj(i -> n("k" + i)).toList();
    }

    @Test
    void twoReplicasClaimingAtOnceNeverTakeTheSameNotification() throws Exception {
        PgOutbox a = replica("a");
        PgOutbox b = replica("b");
        a.enqueue(many(100), 1_000);
        b.enqueue(many(200).subList(100, 200), 1_000);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (PgOutbox o : List.of(a, b, a, b)) { // two threads per replica, like delivery threads
                Callable<List<String>> drain = () -> {
                    List<String> mine = new ArrayList<>();
                    for (List<Pending> due = o.takeDue(1_000, 3); !due.isEmpty(); due = o.takeDue(1_000, 3)) {
                        for (Pending p : due) {
                            mine.add(p.notification().idempotencyKey());
                            o.delivered(p.notification().idempotencyKey());
                        }
                    }
                    return mine;
                };
                runs.add(threads.submit(drain));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> run : runs) {
                all.addAll(run.get());
            }
            assertThat(all).hasSize(200).doesNotHaveDuplicates();
            assertThat(new HashSet<>(all)).isEqualTo(new HashSet<>(many(200).stream()
                    .map(Notification::idempotencyKey).toList()));
            assertThat(a.depth()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aClaimHeldByAReplicaIsNotGivenToAnotherUntilItsLeaseRunsOut() {
        PgOutbox a = replica("a");
        PgOutbox b = replica("b");
        Notification x = n("x");
        a.enqueue(List.of(x), 1_000);
        assertThat(a.takeDue(1_000, 10)).extracting(p -> p.notification().idempotencyKey()).containsExactly("x");
        assertThat(b.takeDue(1_000 + LEASE - 1, 10)).as("a's lease still holds").isEmpty();

        // a died: its lease runs out and b takes the same notification, with the same key
        List<Pending> takenOver = b.takeDue(1_000 + LEASE + 1, 10);
        assertThat(takenOver).extracting(p -> p.notification().idempotencyKey()).containsExactly("x");
        assertThat(takenOver.get(0).notification()).as("the whole notification, as queued").isEqualTo(x);
        // a comes back late with a failure: it no longer holds the claim, so nothing changes
        assertThat(a.failed("x", "late", 1_000 + LEASE + 2)).isNull();
        assertThat(a.pending()).singleElement().satisfies(p -> assertThat(p.attempts()).isZero());
        b.delivered("x");
        assertThat(a.depth()).isZero();
    }

    @Test
    void aDeliveredNotificationIsNeverClaimedNorQueuedAgain() {
        PgOutbox a = replica("a");
        PgOutbox b = replica("b");
        a.enqueue(List.of(n("x"), n("y")), 1_000);
        for (Pending p : a.takeDue(1_000, 10)) {
            a.delivered(p.notification().idempotencyKey());
        }
        assertThat(b.takeDue(1_000 + 10 * LEASE, 10)).isEmpty();
        assertThat(b.enqueue(List.of(n("x")), 2_000)).isZero();
        assertThat(b.depth()).as("same idempotency key: already delivered, not queued twice").isZero();
        assertThat(b.takeDue(1_000 + 10 * LEASE, 10)).isEmpty();
    }

    @Test
    void aFailedAttemptIsDueAgainAfterItsBackoffThenADeadLetterThatCanBeRedriven() {
        PgOutbox a = replica("a");
        PgOutbox b = replica("b");
        a.enqueue(List.of(n("x")), 1_000);
        a.takeDue(1_000, 1);
        assertThat(a.failed("x", "503", 1_000)).isNull();
        assertThat(b.takeDue(1_050, 1)).as("backoff 100 ms").isEmpty();
        assertThat(b.takeDue(1_100, 1)).singleElement().satisfies(p -> {
            assertThat(p.attempts()).isEqualTo(1);
            assertThat(p.lastError()).isEqualTo("503");
        });
        DeadLetter dead = b.failed("x", "503 again", 1_200);
        assertThat(dead).isNotNull();
        assertThat(dead.attempts()).isEqualTo(2);
        assertThat(a.deadLetters()).extracting(d -> d.notification().idempotencyKey()).containsExactly("x");
        assertThat(a.depth()).isZero();
        assertThat(b.takeDue(100_000, 10)).isEmpty();

        assertThat(a.redrive("x", 2_000)).isTrue();
        assertThat(a.redrive("x", 2_000)).as("no longer dead").isFalse();
        assertThat(b.takeDue(2_000, 10)).singleElement().satisfies(p -> assertThat(p.attempts()).isZero());
    }

    @Test
    void giveUpMakesADeadLetterAtOnce() {
        PgOutbox a = replica("a");
        a.enqueue(List.of(n("x")), 1_000);
        a.takeDue(1_000, 1);
        assertThat(a.giveUp("x", "channel 'webhook' is not configured", 1_000)).isNotNull();
        assertThat(a.deadLetters()).singleElement().satisfies(d -> assertThat(d.error()).contains("not configured"));
    }

    @Test
    void pastMaxPendingNewNotificationsAreRefusedAndCounted() {
        PgOutbox small = new PgOutbox(db, "a", LEASE, retry, 3, 10, () -> 0.5, () -> 1_000);
        assertThat(small.enqueue(many(5), 1_000)).isEqualTo(2);
        assertThat(small.dropped()).isEqualTo(2);
        assertThat(small.depth()).isEqualTo(3);
        assertThat(small.pendingByChannel()).isEqualTo(Map.of("webhook", 3));
        assertThat(small.oldestPendingAgeMs(1_500)).isEqualTo(500);
    }

    @Test
    void pruneForgetsOldDeliveredRowsAndKeepsTheNewestDeadLetters() {
        PgOutbox a = new PgOutbox(db, "a", LEASE, retry, 1_000, 2, () -> 0.5, () -> 1_000);
        a.enqueue(many(4), 1_000);
        List<Pending> due = a.takeDue(1_000, 4);
        a.delivered(due.get(0).notification().idempotencyKey()); // settled at 1_000 (the clock)
        for (int i = 1; i < 4; i++) {
            a.giveUp(due.get(i).notification().idempotencyKey(), "no", 1_000 + i);
        }
        assertThat(a.prune(2_000)).isEqualTo(2); // the delivered row and the oldest dead letter
        assertThat(a.deadLetters()).hasSize(2);
        assertThat(a.enqueue(List.of(due.get(0).notification()), 3_000)).isZero();
        assertThat(a.depth()).as("after prune the key may be queued again").isEqualTo(1);
    }

    @Test
    void badSettingsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PgOutbox(db, " ", LEASE, retry, 1, 1, () -> 0,
                () -> 0)).hasMessageContaining("replica id");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PgOutbox(db, "a", 0, retry, 1, 1, () -> 0,
                () -> 0)).hasMessageContaining("leaseMs");
    }
}
