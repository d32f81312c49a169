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
 */
public final class PgStateLog implements StateLog {

    /** One record as written, with the replica that wrote it. */
    public record Entry(long seq, String origin, JsonNode record) {
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
        String json;
        try {
            json = PgOutbox.JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)");
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO alert_state_log (origin, kind, record) VALUES (?, ?, ?::jsonb)")) {
                lock.setLong(1, APPEND_LOCK);
                lock.execute();
                insert.setString(1, replica);
                insert.setString(2, node.path("t").asText());
                insert.setString(3, json);
                insert.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw PgOutbox.failure("record alert state", e);
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

    /** The table is not compacted (nor measured): the pipeline's size-triggered compaction never runs. */
    @Override
    public long journalBytes() {
        return 0;
    }

    @Override
    public void compact(List<ObjectNode> appState) {
        // nothing: see journalBytes
    }
}
