package dta.observatory.alert.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.alert.dispatch.Notification;
import dta.observatory.alert.dispatch.RetryPolicy;
import dta.observatory.alert.outbox.NotificationOutbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * The outbox in PostgreSQL, shared by every replica (table {@code alert_outbox}). {@link #takeDue} claims due rows
 * with {@code FOR UPDATE SKIP LOCKED} and sets a lease in the same statement: replicas never wait for each other's
 * rows and never take the same one; when a replica dies its leases run out and another replica takes the rows
 * (at-least-once, same idempotency key). Outcomes of an attempt apply only while the lease is this replica's, so a
 * replica whose lease ran out cannot undo what the new holder did; a delivery, though, is recorded whoever holds
 * the lease (it happened). Plain JDBC; every method is one short transaction.
 */
public final class PgOutbox implements NotificationOutbox {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final DataSource db;
    private final String replica;
    private final long leaseMs;
    private final RetryPolicy retry;
    private final int maxPending;
    private final int maxDead;
    private final DoubleSupplier random;
    private final LongSupplier clock;
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param replica  this replica's id, written in claimed_by
     * @param leaseMs  how long a claim holds; must exceed the longest delivery (channel timeout), or a slow
     *                 delivery may be claimed and sent again by another replica (same key)
     */
    public PgOutbox(DataSource db, String replica, long leaseMs, RetryPolicy retry, int maxPending, int maxDead,
            DoubleSupplier random, LongSupplier clock) {
        if (replica == null || replica.isBlank()) {
            throw new IllegalArgumentException("a replica id is required");
        }
        if (leaseMs < 1 || maxPending < 1 || maxDead < 1) {
            throw new IllegalArgumentException("leaseMs, maxPending and maxDead must be at least 1, got " + leaseMs
                    + ", " + maxPending + " and " + maxDead);
        }
        this.db = db;
        this.replica = replica;
        this.leaseMs = leaseMs;
        this.retry = retry;
        this.maxPending = maxPending;
        this.maxDead = maxDead;
        this.random = random;
        this.clock = clock;
    }

    public String replica() {
        return replica;
    }

    @Override
    public int enqueue(List<Notification> notifications, long nowMs) {
        if (notifications.isEmpty()) {
            return 0;
        }
        // the bound is checked before inserting: replicas enqueuing at once may pass it by a few, never grow unbounded
        int room = Math.max(0, maxPending - depth());
        int refused = 0;
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO alert_outbox (id, channel, notification, created_at_ms, state, attempts, due_at_ms) "
                        + "VALUES (?, ?, ?::jsonb, ?, 'pending', 0, ?) ON CONFLICT (id) DO NOTHING")) {
            for (Notification n : notifications) {
                if (room == 0) {
                    refused++;
                    continue;
                }
                insert.setString(1, n.idempotencyKey());
                insert.setString(2, n.channel());
                insert.setString(3, json(n));
                insert.setLong(4, n.createdAtMs());
                insert.setLong(5, nowMs);
                room -= insert.executeUpdate(); // 0 when already there (pending, done or dead): not queued twice
            }
        } catch (SQLException e) {
            throw failure("enqueue", e);
        }
        dropped.addAndGet(refused);
        return refused;
    }

    @Override
    public List<Pending> takeDue(long nowMs, int max) {
        if (max < 1) {
            return List.of();
        }
        List<Pending> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement claim = c.prepareStatement(
                "UPDATE alert_outbox SET claimed_by = ?, claimed_until_ms = ? WHERE id IN ("
                        + "SELECT id FROM alert_outbox WHERE state = 'pending' AND due_at_ms <= ? "
                        + "AND (claimed_until_ms IS NULL OR claimed_until_ms < ?) "
                        + "ORDER BY due_at_ms LIMIT ? FOR UPDATE SKIP LOCKED) "
                        + "RETURNING notification, attempts, due_at_ms, last_error")) {
            claim.setString(1, replica);
            claim.setLong(2, nowMs + leaseMs);
            claim.setLong(3, nowMs);
            claim.setLong(4, nowMs);
            claim.setInt(5, max);
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    out.add(pending(rs));
                }
            }
        } catch (SQLException e) {
            throw failure("claim", e);
        }
        out.sort(Comparator.comparingLong(Pending::dueAtMs)); // RETURNING has no order
        return out;
    }

    @Override
    public void delivered(String id) {
        update("UPDATE alert_outbox SET state = 'done', settled_at_ms = ?, claimed_by = NULL, claimed_until_ms = NULL "
                + "WHERE id = ? AND state = 'pending'", clock.getAsLong(), id);
    }

    @Override
    public DeadLetter failed(String id, String error, long nowMs) {
        return settleFailure(id, error, nowMs, false);
    }

    @Override
    public DeadLetter giveUp(String id, String error, long nowMs) {
        return settleFailure(id, error, nowMs, true);
    }

    /** Locks the row while this replica holds its lease, then schedules the retry or makes it a dead letter. */
    private DeadLetter settleFailure(String id, String error, long nowMs, boolean now) {
        try {
            return Transaction.run(db, c -> {
                Pending p;
                try (PreparedStatement select = c.prepareStatement("SELECT notification, attempts, due_at_ms, "
                        + "last_error FROM alert_outbox WHERE id = ? AND state = 'pending' AND claimed_by = ? "
                        + "FOR UPDATE")) {
                    select.setString(1, id);
                    select.setString(2, replica);
                    try (ResultSet rs = select.executeQuery()) {
                        p = rs.next() ? pending(rs) : null;
                    }
                }
                if (p == null) { // settled already, or the lease ran out and another replica holds it now
                    return null;
                }
                int attempts = p.attempts() + 1;
                DeadLetter dead = null;
                if (now || attempts >= retry.maxAttempts()) {
                    dead = new DeadLetter(p.notification(), attempts, error, nowMs);
                    exec(c, "UPDATE alert_outbox SET state = 'dead', attempts = ?, last_error = ?, settled_at_ms = ?, "
                            + "claimed_by = NULL, claimed_until_ms = NULL WHERE id = ?", attempts, error, nowMs, id);
                } else {
                    exec(c, "UPDATE alert_outbox SET attempts = ?, last_error = ?, due_at_ms = ?, claimed_by = NULL, "
                            + "claimed_until_ms = NULL WHERE id = ?", attempts, error,
                            nowMs + retry.backoffMillis(attempts, random), id);
                }
                return dead;
            });
        } catch (SQLException e) {
            throw failure("record a failed attempt", e);
        }
    }

    @Override
    public boolean redrive(String id, long nowMs) {
        return update("UPDATE alert_outbox SET state = 'pending', attempts = 0, due_at_ms = ?, last_error = NULL, "
                + "settled_at_ms = NULL, claimed_by = NULL, claimed_until_ms = NULL WHERE id = ? AND state = 'dead'",
                nowMs, id) == 1;
    }

    /**
     * Forgets delivered rows settled before {@code doneBeforeMs} and all but the newest {@code maxDead} dead
     * letters. Returns the rows deleted.
     */
    public int prune(long doneBeforeMs) {
        int deleted = update("DELETE FROM alert_outbox WHERE state = 'done' AND settled_at_ms < ?", doneBeforeMs);
        return deleted + update("DELETE FROM alert_outbox WHERE state = 'dead' AND id NOT IN (SELECT id FROM "
                + "alert_outbox WHERE state = 'dead' ORDER BY settled_at_ms DESC LIMIT ?)", maxDead);
    }

    @Override
    public int depth() {
        return (int) queryLong("SELECT count(*) FROM alert_outbox WHERE state = 'pending'");
    }

    @Override
    public long oldestPendingAgeMs(long nowMs) {
        long oldest = queryLong("SELECT coalesce(min(created_at_ms), -1) FROM alert_outbox WHERE state = 'pending'");
        return oldest < 0 ? 0 : Math.max(0, nowMs - oldest);
    }

    @Override
    public List<Pending> pending() {
        List<Pending> out = new ArrayList<>();
        query("SELECT notification, attempts, due_at_ms, last_error FROM alert_outbox WHERE state = 'pending' "
                + "ORDER BY due_at_ms, created_at_ms LIMIT " + maxPending, rs -> out.add(pending(rs)));
        return out;
    }

    @Override
    public Map<String, Integer> pendingByChannel() {
        Map<String, Integer> out = new LinkedHashMap<>();
        query("SELECT channel, count(*) FROM alert_outbox WHERE state = 'pending' GROUP BY channel ORDER BY channel",
                rs -> out.put(rs.getString(1), rs.getInt(2)));
        return out;
    }

    @Override
    public List<DeadLetter> deadLetters() {
        List<DeadLetter> out = new ArrayList<>();
        query("SELECT notification, attempts, last_error, settled_at_ms FROM alert_outbox WHERE state = 'dead' "
                + "ORDER BY settled_at_ms DESC, id LIMIT " + maxDead,
                rs -> out.add(new DeadLetter(notification(rs.getString(1)), rs.getInt(2), rs.getString(3),
                        rs.getLong(4))));
        Collections.reverse(out); // oldest first, as the embedded outbox lists them
        return out;
    }

    /** Refused by this replica because the queue was full (each replica counts its own). */
    @Override
    public long dropped() {
        return dropped.get();
    }

    private static Pending pending(ResultSet rs) throws SQLException {
        return new Pending(notification(rs.getString(1)), rs.getInt(2), rs.getLong(3), rs.getString(4));
    }

    private static Notification notification(String json) {
        try {
            return JSON.readValue(json, Notification.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable notification in alert_outbox", e);
        }
    }

    private static String json(Notification n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                row.accept(rs);
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private long queryLong(String sql) {
        long[] out = {0};
        query(sql, rs -> out[0] = rs.getLong(1));
        return out[0];
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection()) {
            return exec(c, sql, args);
        } catch (SQLException e) {
            throw failure("update", e);
        }
    }

    private static int exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }

    static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("alert outbox in PostgreSQL: cannot " + what + ": " + e.getMessage(), e);
    }
}
