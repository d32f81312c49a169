package dta.observatory.alert.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Which replica decides group notifications: the one holding a PostgreSQL session advisory lock on its own
 * connection. When that replica dies its connection closes, the lock is free and the next replica to
 * {@link #refresh} takes it. One decider for all groups keeps group_wait / group_interval / repeat_interval
 * decided once; the others hold the same groups (from the shared state log) and can take over at once.
 */
public final class GroupLeadership implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GroupLeadership.class.getName());
    /** "alrtgrp" in ASCII: the advisory lock key. */
    static final long LOCK = 0x616c7274677270L;

    private final DataSource db;
    private final String replica;
    private Connection connection;
    private volatile boolean leader;

    public GroupLeadership(DataSource db, String replica) {
        this.db = db;
        this.replica = replica;
    }

    /** Tries to take the lock, or checks that the connection holding it is still alive. */
    public synchronized boolean refresh() {
        try {
            if (connection != null && !connection.isValid(2)) {
                drop("connection holding the group lock was lost");
            }
            if (connection == null) {
                connection = db.getConnection();
                connection.setAutoCommit(true);
            }
            if (!leader) {
                try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                    s.setLong(1, LOCK);
                    try (ResultSet rs = s.executeQuery()) {
                        leader = rs.next() && rs.getBoolean(1);
                    }
                }
                if (leader) {
                    LOG.info(() -> "replica " + replica + " now decides group notifications");
                }
            }
        } catch (SQLException e) {
            drop("group lock check failed: " + e.getMessage());
        }
        return leader;
    }

    private void drop(String why) {
        if (leader) {
            LOG.warning(() -> "replica " + replica + " stops deciding group notifications: " + why);
        }
        leader = false;
        if (connection != null) {
            try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_unlock_all()")) {
                s.execute(); // a pooled connection goes back to the pool: it must not keep the lock
            } catch (SQLException ignored) {
                // the connection is broken: the server ends the session and its locks
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already
            }
            connection = null;
        }
    }

    public boolean leader() {
        return leader;
    }

    @Override
    public synchronized void close() {
        drop("closing");
    }
}
