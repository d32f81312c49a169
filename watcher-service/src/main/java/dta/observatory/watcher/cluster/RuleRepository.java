package dta.observatory.watcher.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.rules.RuleDocument;
import dta.observatory.watcher.rules.WatchRule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The shared rules ({@code watcher_rule}: those created through the API) and every rule's state
 * ({@code watcher_rule_state}), as JSON text in PostgreSQL.
 */
public final class RuleRepository {

    /** A rule's state as its owner last wrote it. */
    public record StoredState(String ruleId, RuleDocument rule, List<RuleBook.SeriesStatus> series, String owner,
            long version) {
    }

    private static final TypeReference<List<RuleBook.SeriesStatus>> SERIES = new TypeReference<>() {
    };

    private final DataSource db;
    // NaN values (no value yet) are written as "NaN" strings and read back as NaN.
    private final ObjectMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public RuleRepository(DataSource db) {
        this.db = db;
    }

    /** @throws IllegalStateException when a rule with this id is stored already (maybe by another replica) */
    public void insertRule(WatchRule rule) {
        int n = update("storing rule " + rule.id(), "INSERT INTO watcher_rule (id, document) VALUES (?, ?) "
                + "ON CONFLICT (id) DO NOTHING", rule.id(), write(RuleDocument.of(rule, RuleBook.API)));
        if (n == 0) {
            throw new IllegalStateException("a rule with id '" + rule.id() + "' already exists");
        }
    }

    /**
     * Replaces a stored rule and drops its state (a changed rule starts over), in one transaction.
     *
     * @throws NoSuchElementException when none is stored under this id
     */
    public void replaceRule(WatchRule rule) {
        inTransaction("replacing rule " + rule.id(), c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE watcher_rule SET document = ?, updated_at = now() "
                    + "WHERE id = ?"); PreparedStatement d = c.prepareStatement(
                            "DELETE FROM watcher_rule_state WHERE rule_id = ?")) {
                u.setString(1, write(RuleDocument.of(rule, RuleBook.API)));
                u.setString(2, rule.id());
                if (u.executeUpdate() == 0) {
                    throw new NoSuchElementException("no rule with id '" + rule.id() + "'");
                }
                d.setString(1, rule.id());
                d.executeUpdate();
            }
        });
    }

    /** Deletes a stored rule and its state; false when there was none. */
    public boolean deleteRule(String id) {
        boolean[] found = new boolean[1];
        inTransaction("deleting rule " + id, c -> {
            try (PreparedStatement r = c.prepareStatement("DELETE FROM watcher_rule WHERE id = ?");
                    PreparedStatement s = c.prepareStatement("DELETE FROM watcher_rule_state WHERE rule_id = ?")) {
                r.setString(1, id);
                found[0] = r.executeUpdate() > 0;
                s.setString(1, id);
                s.executeUpdate();
            }
        });
        return found[0];
    }

    /** Every stored rule by id. A document that no longer validates is reported in {@code problems}, not thrown. */
    public Map<String, WatchRule> rules(List<String> problems) {
        Map<String, WatchRule> out = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT id, document FROM watcher_rule ORDER BY id"); ResultSet r = q.executeQuery()) {
            while (r.next()) {
                try {
                    RuleDocument d = json.readValue(r.getString(2), RuleDocument.class);
                    out.put(r.getString(1), d.toRule(r.getString(1)));
                } catch (JsonProcessingException | RuntimeException e) {
                    problems.add("stored rule '" + r.getString(1) + "': " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new ClusterStoreException("reading the rules", e);
        }
        return out;
    }

    /** Every stored rule state by rule id (unreadable ones are reported in {@code problems}). */
    public Map<String, StoredState> states(List<String> problems) {
        Map<String, StoredState> out = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT rule_id, rule_document, series, owner, version FROM watcher_rule_state");
                ResultSet r = q.executeQuery()) {
            while (r.next()) {
                String id = r.getString(1);
                try {
                    out.put(id, new StoredState(id, json.readValue(r.getString(2), RuleDocument.class),
                            json.readValue(r.getString(3), SERIES), r.getString(4), r.getLong(5)));
                } catch (JsonProcessingException e) {
                    problems.add("stored state of '" + id + "': " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new ClusterStoreException("reading the rule states", e);
        }
        return out;
    }

    /**
     * Writes a rule's state if the stored one is still at {@code expectedVersion} (0: there must be none yet).
     * This compare-and-set is the split-brain guard: of two replicas that both think they own a rule and both
     * read version v, only the first write succeeds; the other learns it lost and neither notifies twice.
     *
     * @return the new version, or empty when the stored state moved on (another replica wrote it)
     */
    public OptionalLong writeState(WatchRule rule, String source, List<RuleBook.SeriesStatus> series, String owner,
            long expectedVersion) {
        String sql = expectedVersion == 0
                ? "INSERT INTO watcher_rule_state (rule_id, rule_document, series, owner, version) "
                        + "VALUES (?, ?, ?, ?, nextval('watcher_state_version')) ON CONFLICT (rule_id) DO NOTHING "
                        + "RETURNING version"
                : "UPDATE watcher_rule_state SET rule_document = ?, series = ?, owner = ?, "
                        + "version = nextval('watcher_state_version'), written_at = now() "
                        + "WHERE rule_id = ? AND version = ? RETURNING version";
        try (Connection c = db.getConnection(); PreparedStatement w = c.prepareStatement(sql)) {
            String doc = write(RuleDocument.of(rule, source));
            String states = write(series);
            if (expectedVersion == 0) {
                w.setString(1, rule.id());
                w.setString(2, doc);
                w.setString(3, states);
                w.setString(4, owner);
            } else {
                w.setString(1, doc);
                w.setString(2, states);
                w.setString(3, owner);
                w.setString(4, rule.id());
                w.setLong(5, expectedVersion);
            }
            try (ResultSet r = w.executeQuery()) {
                return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new ClusterStoreException("writing the state of rule " + rule.id(), e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private int update(String doing, String sql, String... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new ClusterStoreException(doing, e);
        }
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(String doing, Work work) {
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new ClusterStoreException(doing, e);
        }
    }
}
