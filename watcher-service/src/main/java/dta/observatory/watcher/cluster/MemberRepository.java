package dta.observatory.watcher.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The {@code watcher_member} table: heartbeats and the live set, both judged by the database clock. */
public final class MemberRepository {

    /** Members silent this long are forgotten (rows only; they stopped counting as live long before). */
    static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final DataSource db;

    public MemberRepository(DataSource db) {
        this.db = db;
    }

    /** Records that {@code memberId} is alive now (database time). */
    public void heartbeat(String memberId) {
        try (Connection c = db.getConnection();
                PreparedStatement up = c.prepareStatement("INSERT INTO watcher_member (id, last_heartbeat) "
                        + "VALUES (?, now()) ON CONFLICT (id) DO UPDATE SET last_heartbeat = now()");
                PreparedStatement forget = c.prepareStatement("DELETE FROM watcher_member "
                        + "WHERE last_heartbeat < now() - ? * interval '1 millisecond'")) {
            up.setString(1, memberId);
            up.executeUpdate();
            forget.setLong(1, FORGET_AFTER.toMillis());
            forget.executeUpdate();
        } catch (SQLException e) {
            throw new ClusterStoreException("heartbeat of " + memberId, e);
        }
    }

    /** The members whose last heartbeat is younger than {@code timeout}, sorted. */
    public List<String> live(Duration timeout) {
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT id FROM watcher_member "
                        + "WHERE last_heartbeat > now() - ? * interval '1 millisecond' ORDER BY id")) {
            q.setLong(1, timeout.toMillis());
            List<String> out = new ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new ClusterStoreException("reading the live members", e);
        }
    }

    /** Removes {@code memberId} at once (clean shutdown): its rules move at the others' next cycle. */
    public void leave(String memberId) {
        try (Connection c = db.getConnection();
                PreparedStatement d = c.prepareStatement("DELETE FROM watcher_member WHERE id = ?")) {
            d.setString(1, memberId);
            d.executeUpdate();
        } catch (SQLException e) {
            throw new ClusterStoreException("removing member " + memberId, e);
        }
    }
}
