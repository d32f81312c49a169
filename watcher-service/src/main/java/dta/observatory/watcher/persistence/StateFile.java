package dta.observatory.watcher.persistence;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.rules.RuleDocument;
import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.WatchRule;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The watcher's memory across restarts, kill -9 included: the rules created through the API and every rule's
 * state, as one JSON snapshot ({@code watcher-state.json}). A save writes a temporary file, forces it to disk,
 * renames it over the old one atomically and forces the directory: a crash leaves the old snapshot or the new
 * one, never half of one. After a restart a firing rule stays firing (no new notification) and a pending one
 * keeps its {@code for} progress.
 */
public final class StateFile {

    static final String NAME = "watcher-state.json";
    static final int FORMAT = 1;

    /** The snapshot on disk. */
    record Snapshot(int format, long savedAtMs, List<RuleDocument> rules, List<RuleStates> states) {
    }

    /** The statuses of one rule, with the rule as it was (a changed rule starts over). */
    record RuleStates(RuleDocument rule, List<RuleBook.SeriesStatus> series) {
    }

    private final Path dir;
    private final Path file;
    private final ObjectMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public StateFile(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** Writes the book's API rules and every rule's state. */
    public synchronized void save(RuleBook book, long nowMs) {
        List<RuleDocument> rules = new ArrayList<>();
        List<RuleStates> states = new ArrayList<>();
        for (RuleBook.Entry e : book.all()) {
            if (!e.readOnly()) {
                rules.add(RuleDocument.of(e.rule(), e.source()));
            }
            if (!e.series().isEmpty()) {
                states.add(new RuleStates(RuleDocument.of(e.rule(), e.source()), e.seriesSorted()));
            }
        }
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(NAME + ".tmp");
            byte[] bytes = json.writeValueAsBytes(new Snapshot(FORMAT, nowMs, rules, states));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // the rename itself must survive a power cut
            } catch (IOException ignored) {
                // some file systems cannot open a directory; the rename is still atomic
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not save watcher state to " + file + ": " + e.getMessage(), e);
        }
    }

    /** What {@link #load} found. */
    public record Loaded(int rules, int states, List<String> problems) {
    }

    /**
     * Adds the saved API rules to {@code book}, then puts back the saved states of rules that are still the same.
     * Load file rules first, so their states are restored too. A missing file is an empty start.
     */
    public Loaded load(RuleBook book) {
        if (!Files.exists(file)) {
            return new Loaded(0, 0, List.of());
        }
        Snapshot s;
        try {
            s = json.readValue(file.toFile(), Snapshot.class);
        } catch (IOException e) {
            throw new IllegalStateException("watcher state " + file + " is unreadable: " + e.getMessage()
                    + " (move it away to start without saved rules)", e);
        }
        List<String> problems = new ArrayList<>();
        int rules = 0;
        for (RuleDocument d : s.rules() == null ? List.<RuleDocument>of() : s.rules()) {
            try {
                if (book.get(d.id()).isEmpty()) {
                    book.add(d.toRule(d.id()), RuleBook.API);
                    rules++;
                }
            } catch (RuntimeException e) {
                problems.add("rule '" + d.id() + "': " + e.getMessage());
            }
        }
        int states = 0;
        for (RuleStates rs : s.states() == null ? List.<RuleStates>of() : s.states()) {
            try {
                WatchRule rule = rs.rule().toRule(rs.rule().id());
                Map<String, RuleBook.SeriesStatus> series = new HashMap<>();
                for (RuleBook.SeriesStatus ss : rs.series()) {
                    Map<String, String> labels = ss.labels() == null ? Map.of() : ss.labels();
                    RuleStatus st = ss.status();
                    series.put(rule.perSeries() ? RuleBook.seriesKey(labels) : "", new RuleBook.SeriesStatus(labels,
                            st));
                }
                book.restore(rule, series);
                states++;
            } catch (RuntimeException e) {
                problems.add("state of '" + rs.rule().id() + "': " + e.getMessage());
            }
        }
        return new Loaded(rules, states, problems);
    }
}
