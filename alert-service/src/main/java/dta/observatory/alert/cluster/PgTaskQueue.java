package dta.observatory.alert.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import dta.observatory.alert.hitl.Task;
import dta.observatory.alert.hitl.TaskChanges;
import dta.observatory.alert.hitl.TaskQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * The human review queue in PostgreSQL (table {@code alert_hitl_task}), shared by every replica: a task opened by
 * the replica that delivered the hitl notification is listed, claimed, commented and closed through any of them.
 * Each change is one transaction that locks the task's row, applies {@link TaskChanges} (the embedded queue's
 * rules) and writes it back, so concurrent claims through two replicas give one claim and one refusal. One task
 * per group until it is done is kept by a partial unique index. Past {@code capacity} tasks the oldest done ones
 * are deleted, then the oldest ones, as the embedded queue forgets them.
 *
 * <p>A database that cannot be reached is an {@link UncheckedIOException} (nothing changed: the API answers 503 /
 * UNAVAILABLE, and a hitl delivery is retried by the outbox).
 */
public final class PgTaskQueue implements TaskQueue {

    private final DataSource db;
    private final int capacity;
    private final LongSupplier clock;

    public PgTaskQueue(DataSource db, int capacity, LongSupplier clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.db = db;
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public Task open(String title, String details, String severity, String groupKey) {
        long now = clock.getAsLong();
        // Two tries: the insert loses only to another replica that just opened the group's task, which the second
        // look then finds and comments on.
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<Task> commented = change("comment on the group's task", "group_key = ? AND state <> 'done'",
                    groupKey, t -> TaskChanges.withComment(t, TaskChanges.notifiedAgain(title, details, now)));
            if (commented.isPresent()) {
                return commented.get();
            }
            Optional<Task> inserted = insert(title, details, severity, groupKey, now);
            if (inserted.isPresent()) {
                forgetBeyondCapacity();
                return inserted.get();
            }
        }
        throw unavailable("open a task", new SQLException("group " + groupKey + " kept changing"));
    }

    private Optional<Task> insert(String title, String details, String severity, String groupKey, long now) {
        try (Connection c = db.getConnection()) {
            long n;
            try (PreparedStatement next = c.prepareStatement("SELECT nextval('alert_hitl_task_seq')");
                    ResultSet rs = next.executeQuery()) {
                rs.next();
                n = rs.getLong(1);
            }
            Task t = TaskChanges.opened("task-" + now + "-" + n, title, details, severity, groupKey, now);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO alert_hitl_task (id, group_key, state, "
                    + "created_at_ms, task) VALUES (?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING")) {
                insert.setString(1, t.id());
                insert.setString(2, groupKey);
                insert.setString(3, stateOf(t));
                insert.setLong(4, now);
                insert.setString(5, json(t));
                return insert.executeUpdate() == 1 ? Optional.of(t) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable("open a task", e);
        }
    }

    private void forgetBeyondCapacity() {
        try (Connection c = db.getConnection(); PreparedStatement delete = c.prepareStatement(
                "DELETE FROM alert_hitl_task WHERE id IN (SELECT id FROM alert_hitl_task "
                        + "ORDER BY (state = 'done') DESC, created_at_ms, id "
                        + "LIMIT GREATEST(0, (SELECT count(*) FROM alert_hitl_task) - ?))")) {
            delete.setInt(1, capacity);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw unavailable("forget old tasks", e);
        }
    }

    @Override
    public List<Task> list(Task.State state) {
        List<Task> out = state == null ? query("SELECT task FROM alert_hitl_task")
                : query("SELECT task FROM alert_hitl_task WHERE state = ?", stateName(state));
        return out.stream().sorted(TaskChanges.NEWEST_FIRST).toList();
    }

    @Override
    public Optional<Task> get(String id) {
        return query("SELECT task FROM alert_hitl_task WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public Task claim(String id, String by) {
        return changeById(id, t -> TaskChanges.claimed(t, by, clock.getAsLong()));
    }

    @Override
    public Task comment(String id, String by, String text) {
        Task.Comment c = TaskChanges.comment(by, text, clock.getAsLong()); // refused before touching the database
        return changeById(id, t -> TaskChanges.withComment(t, c));
    }

    @Override
    public Task close(String id, String by, String resolution) {
        return changeById(id, t -> TaskChanges.closed(t, by, resolution, clock.getAsLong()));
    }

    @Override
    public List<Task> escalationDue(long unclaimedMs) {
        long now = clock.getAsLong();
        return query("SELECT task FROM alert_hitl_task WHERE state = 'open' AND created_at_ms <= ?",
                now - unclaimedMs).stream().filter(t -> TaskChanges.escalationDue(t, unclaimedMs, now)).toList();
    }

    @Override
    public Optional<Task> markEscalated(String id, long unclaimedMs) {
        // every replica ticks escalations; the row lock makes one of them the one that marks (the others see it
        // marked and change nothing), and the escalation they queued shares one idempotency key in the outbox
        AtomicReference<Task> marked = new AtomicReference<>();
        change("mark escalated", "id = ?", id, t -> {
            Optional<Task> escalated = TaskChanges.escalated(t, unclaimedMs, clock.getAsLong());
            escalated.ifPresent(marked::set);
            return escalated.orElse(t);
        });
        return Optional.ofNullable(marked.get());
    }

    private Task changeById(String id, Function<Task, Task> rule) {
        return change("change task " + id, "id = ?", id, rule).orElseThrow(() -> TaskChanges.unknown(id));
    }

    /**
     * Locks the first row matching {@code where}, applies {@code rule} and writes the task back if it changed.
     * Empty if no row matches. A refusal thrown by the rule rolls back and reaches the caller as it is.
     */
    private Optional<Task> change(String what, String where, Object key, Function<Task, Task> rule) {
        try {
            return Transaction.run(db, c -> changeLocked(c, where, key, rule));
        } catch (SQLException e) {
            throw unavailable(what, e);
        }
    }

    private Optional<Task> changeLocked(Connection c, String where, Object key, Function<Task, Task> rule)
            throws SQLException {
        Task before;
        try (PreparedStatement select = c.prepareStatement(
                "SELECT task FROM alert_hitl_task WHERE " + where + " LIMIT 1 FOR UPDATE")) {
            select.setObject(1, key);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                before = parse(rs.getString(1));
            }
        }
        Task after = rule.apply(before);
        if (!after.equals(before)) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE alert_hitl_task SET state = ?, task = ?::jsonb WHERE id = ?")) {
                update.setString(1, stateOf(after));
                update.setString(2, json(after));
                update.setString(3, after.id());
                update.executeUpdate();
            }
        }
        return Optional.of(after);
    }

    private List<Task> query(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<Task> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(parse(rs.getString(1)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable("read tasks", e);
        }
    }

    private static String stateOf(Task t) {
        return stateName(t.state());
    }

    private static String stateName(Task.State state) {
        return state.name().toLowerCase();
    }

    private static String json(Task t) {
        try {
            return PgOutbox.JSON.writeValueAsString(t);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Task parse(String json) {
        try {
            return PgOutbox.JSON.readValue(json, Task.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable task in alert_hitl_task", e);
        }
    }

    private static UncheckedIOException unavailable(String what, SQLException e) {
        return new UncheckedIOException("hitl tasks in PostgreSQL: cannot " + what + ": " + e.getMessage(),
                new IOException(e));
    }

    @Override
    public void close() {
        // nothing held: connections come from the pool per call
    }
}
