package dta.observatory.alert.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dta.observatory.alert.outbox.StateLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The alert state replicas share (table {@code alert_state_log}): the same records the embedded journal holds
 * (alert, ack, silence, notified), appended by any replica and read back by all of them in order. A record is
 * committed when {@link #record} returns. Writers serialize on a transaction-scoped advisory lock, so that
 * sequence numbers are handed out in commit order and a reader asking for "after seq N" never misses a row.
 *
 * <p>Compaction: {@link #writeSnapshot} stores the live state as one snapshot (table {@code alert_state_snapshot})
 * covering every row up to a sequence number and deletes those rows in the same transaction, so the log holds
 * only what came after the last snapshot. {@link StateFollower} reads the two together.
 */
public final class PgStateLog implements StateLog {

    /** One record as written, with the replica that wrote it. */
    public record Entry(long seq, String origin, JsonNode record) {
    }

    /** The live state as of {@code uptoSeq}: what replaying every row up to it would give. */
    public record Snapshot(long uptoSeq, List<JsonNode> records) {
    }

    /** Advisory lock key taken while appending ("alrtlog" in ASCII, only to stay clear of other keys). */
    static final long APPEND_LOCK = 0x616c72746c6f67L;

    private final DataSource db;
    private final String replica;

    public PgStateLog(DataSource db, String replica) {
        this.db = db;
        this.replica = replica;
    }

    public String replica() {
        return replica;
    }

    @Override
    public void record(ObjectNode node) {
        String json = json(node);
        try {
            Transaction.run(db, c -> {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)");
                        PreparedStatement insert = c.prepareStatement(
                                "INSERT INTO alert_state_log (origin, kind, record) VALUES (?, ?, ?::jsonb)")) {
                    lock.setLong(1, APPEND_LOCK);
                    lock.execute();
                    insert.setString(1, replica);
                    insert.setString(2, node.path("t").asText());
                    insert.setString(3, json);
                    return insert.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw PgOutbox.failure("record alert state", e);
        }
    }

    private static String json(Object value) {
        try {
            return PgOutbox.JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Up to {@code limit} records after {@code afterSeq}, oldest first, whoever wrote them. */
    public List<Entry> after(long afterSeq, int limit) {
        List<Entry> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT seq, origin, record FROM alert_state_log WHERE seq > ? ORDER BY seq LIMIT ?")) {
            s.setLong(1, afterSeq);
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getString(2), PgOutbox.JSON.readTree(rs.getString(3))));
                }
            }
        } catch (SQLException e) {
            throw PgOutbox.failure("read alert state", e);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable record in alert_state_log", e);
        }
        return out;
    }

    /** The sequence number the stored snapshot covers up to; 0 without one. */
    public long snapshotSeq() {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT upto_seq FROM alert_state_snapshot WHERE id = 1"); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw PgOutbox.failure("read the alert state snapshot", e);
        }
    }

    /** The stored snapshot; an empty one covering nothing (seq 0) without one. */
    public Snapshot snapshot() {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT upto_seq, records FROM alert_state_snapshot WHERE id = 1"); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return new Snapshot(0, List.of());
            }
            List<JsonNode> records = new ArrayList<>();
            PgOutbox.JSON.readTree(rs.getString(2)).forEach(records::add);
            return new Snapshot(rs.getLong(1), records);
        } catch (SQLException e) {
            throw PgOutbox.failure("read the alert state snapshot", e);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable alert_state_snapshot", e);
        }
    }

    /**
     * Stores {@code state} as the snapshot of every row up to {@code uptoSeq} and deletes those rows, in one
     * transaction. The caller must have applied every row up to {@code uptoSeq} before building {@code state}. A
     * snapshot older than the stored one changes nothing (two replicas compacting at once cannot go back).
     *
     * @return whether this snapshot was stored
     */
    public boolean writeSnapshot(List<ObjectNode> state, long uptoSeq) {
        String json = json(state);
        try {
            return Transaction.run(db, c -> {
                try (PreparedStatement upsert = c.prepareStatement("INSERT INTO alert_state_snapshot "
                        + "(id, upto_seq, records, taken_by) VALUES (1, ?, ?::jsonb, ?) ON CONFLICT (id) DO UPDATE "
                        + "SET upto_seq = EXCLUDED.upto_seq, records = EXCLUDED.records, "
                        + "taken_by = EXCLUDED.taken_by, taken_at = now() "
                        + "WHERE alert_state_snapshot.upto_seq < EXCLUDED.upto_seq");
                        PreparedStatement delete = c.prepareStatement(
                                "DELETE FROM alert_state_log WHERE seq <= ?")) {
                    upsert.setLong(1, uptoSeq);
                    upsert.setString(2, json);
                    upsert.setString(3, replica);
                    boolean stored = upsert.executeUpdate() == 1;
                    if (stored) {
                        delete.setLong(1, uptoSeq);
                        delete.executeUpdate();
                    }
                    return stored;
                }
            });
        } catch (SQLException e) {
            throw PgOutbox.failure("write the alert state snapshot", e);
        }
    }

    /**
     * Not measured in bytes: the pipeline's size-triggered journal compaction never runs in cluster mode. The
     * deciding replica compacts by row count instead ({@link #writeSnapshot}).
     */
    @Override
    public long journalBytes() {
        return 0;
    }

    @Override
    public void compact(List<ObjectNode> appState) {
        // nothing: see journalBytes
    }
}
