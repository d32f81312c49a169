package dta.observatory.alert.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dta.observatory.alert.dispatch.Notification;
import dta.observatory.alert.dispatch.RetryPolicy;
import dta.observatory.alert.testing.Alerts;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    @TempDir
    Path dir;

    private final RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 0.5);
    private final List<JsonNode> others = new ArrayList<>();

    private Outbox open() {
        return Outbox.open(dir.resolve("outbox.journal"), retry, 100, 10, () -> 0.5, others::add);
    }

    private static Notification n(String key) {
        return Notification.single("webhook", Alerts.firing("pay-ok", Map.of("i", key)), key, 1_000);
    }

    @Test
    void pendingNotificationsSurviveAReopenAndDeliveredOnesDoNot() {
        try (Outbox o = open()) {
            o.enqueue(List.of(n("a"), n("b"), n("c")), 1_000);
            o.record(Outbox.JSON.createObjectNode().put("t", "alert").put("x", 1));
            assertThat(o.takeDue(1_000, 10)).hasSize(3);
            o.delivered("a");
            assertThat(o.failed("b", "webhook answered HTTP 500", 2_000)).isNull();
        }
        try (Outbox o = open()) {
            assertThat(o.pending()).extracting(p -> p.notification().idempotencyKey()).containsExactly("b", "c");
            Outbox.Pending b = o.pending().get(0);
            assertThat(b.attempts()).isEqualTo(1);
            assertThat(b.dueAtMs()).as("100 ms backoff less half of its 50% jitter").isEqualTo(2_075);
            assertThat(b.lastError()).isEqualTo("webhook answered HTTP 500");
            assertThat(b.notification().firing().get(0).event().labels()).containsEntry("i", "b");
            assertThat(others).singleElement().satisfies(x -> assertThat(x.get("t").asText()).isEqualTo("alert"));
            assertThat(o.takeDue(2_074, 10)).extracting(p -> p.notification().idempotencyKey()).containsExactly("c");
        }
    }

    @Test
    void theLongestDueGoFirstSoRetriesForADownReceiverCannotStarveNewNotifications() {
        try (Outbox o = open()) {
            o.enqueue(List.of(n("retried-1"), n("retried-2")), 1_000);
            o.takeDue(1_000, 10);
            o.failed("retried-1", "down", 1_000); // due again at 1_075
            o.failed("retried-2", "down", 1_000);
            o.enqueue(List.of(n("new")), 1_050); // queued after them, due at 1_050
            assertThat(o.takeDue(2_000, 1)).extracting(p -> p.notification().idempotencyKey())
                    .as("queue order would give retried-1").containsExactly("new");
            assertThat(o.takeDue(2_000, 10)).extracting(p -> p.notification().idempotencyKey())
                    .containsExactly("retried-1", "retried-2");
        }
    }

    @Test
    void afterTheLastAttemptANotificationIsADeadLetterAcrossRestartsAndCanBeRedriven() {
        try (Outbox o = open()) {
            o.enqueue(List.of(n("a")), 0);
            assertThat(o.failed("a", "e1", 0)).isNull();
            assertThat(o.failed("a", "e2", 100)).isNull();
            Outbox.DeadLetter d = o.failed("a", "webhook timed out after 100 ms", 300);
            assertThat(d.attempts()).isEqualTo(3);
            assertThat(o.depth()).isZero();
        }
        try (Outbox o = open()) {
            assertThat(o.deadLetters()).singleElement().satisfies(d -> {
                assertThat(d.error()).isEqualTo("webhook timed out after 100 ms");
                assertThat(d.notification().idempotencyKey()).isEqualTo("a");
            });
            assertThat(o.redrive("a", 500)).isTrue();
            assertThat(o.redrive("a", 500)).isFalse();
            assertThat(o.takeDue(500, 10)).hasSize(1);
        }
    }

    @Test
    void aTornTailIsCutAtTheLastGoodRecord() throws Exception {
        Path file = dir.resolve("outbox.journal");
        try (Outbox o = open()) {
            o.enqueue(List.of(n("a")), 0);
            o.enqueue(List.of(n("b")), 0);
        }
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size - 5); // the crash hit in the middle of the second record
        }
        try (Outbox o = open()) {
            assertThat(o.pending()).extracting(p -> p.notification().idempotencyKey()).containsExactly("a");
            assertThat(o.truncatedBytes()).isPositive();
            o.enqueue(List.of(n("c")), 0);
        }
        try (Outbox o = open()) {
            assertThat(o.pending()).extracting(p -> p.notification().idempotencyKey()).containsExactly("a", "c");
        }
    }

    @Test
    void aCorruptRecordStopsReplayThere() throws Exception {
        Path file = dir.resolve("outbox.journal");
        try (Outbox o = open()) {
            o.enqueue(List.of(n("a")), 0);
            o.enqueue(List.of(n("b")), 0);
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x5a; // a flipped byte in the last record: its CRC no longer matches
        Files.write(file, bytes);
        try (Outbox o = open()) {
            assertThat(o.pending()).extracting(p -> p.notification().idempotencyKey()).containsExactly("a");
        }
    }

    @Test
    void compactionKeepsOnlyWhatIsLive() {
        try (Outbox o = open()) {
            for (int i = 0; i < 50; i++) {
                o.enqueue(List.of(n("k" + i)), 0);
                o.takeDue(0, 1);
                o.delivered("k" + i);
            }
            o.enqueue(List.of(n("live")), 0);
            long before = o.journalBytes();
            o.compact(List.of(Outbox.JSON.createObjectNode().put("t", "alert").put("x", 2)));
            assertThat(o.journalBytes()).isLessThan(before / 10);
            o.enqueue(List.of(n("after")), 0);
        }
        try (Outbox o = open()) {
            assertThat(o.pending()).extracting(p -> p.notification().idempotencyKey()).containsExactly("live", "after");
            assertThat(others).hasSize(1);
        }
    }

    @Test
    void theQueueIsBoundedAndRefusalsAreCounted() {
        try (Outbox o = Outbox.open(dir.resolve("small.journal"), retry, 2, 10, () -> 0, x -> { })) {
            assertThat(o.enqueue(List.of(n("a"), n("b"), n("c")), 0)).isEqualTo(1);
            assertThat(o.enqueue(List.of(n("a")), 0)).as("already pending: not queued twice, not refused").isZero();
            assertThat(o.depth()).isEqualTo(2);
            assertThat(o.dropped()).isEqualTo(1);
            assertThat(o.oldestPendingAgeMs(5_000)).isEqualTo(4_000);
        }
    }
}
