package dta.observatory.store.cluster.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Carries "this answer lacks shards" from the {@code Storage} reads of a request up to the API that answers it,
 * without changing the {@code Storage} interface or its result records: the API wraps its work in
 * {@link #collect}; {@link ShardedStorage} reports each missing shard with {@link #report}. Every reader of
 * {@code Storage} (queries, federation, sparklines, open data) thus reads cluster-wide unchanged, and a single
 * store, which never reports, answers exactly as before.
 *
 * <p>A thread-local scope: {@code ShardedStorage} reports on the thread that called it (its parallel peer calls are
 * joined there), and the REST and gRPC read endpoints run each request on one worker thread.
 */
public final class Partiality {

    private static final ThreadLocal<TreeMap<Integer, MissingShard>> CURRENT = new ThreadLocal<>();

    private Partiality() {
    }

    /** Runs {@code call}, returning its value with every shard reported missing meanwhile (ascending by shard). */
    public static <T> Sharded<T> collect(Supplier<T> call) {
        TreeMap<Integer, MissingShard> outer = CURRENT.get();
        TreeMap<Integer, MissingShard> mine = new TreeMap<>();
        CURRENT.set(mine);
        try {
            T value = call.get();
            return new Sharded<>(value, new ArrayList<>(mine.values()));
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
                mine.values().forEach(m -> outer.putIfAbsent(m.shard(), m)); // a nested scope also counts outside
            }
        }
    }

    /** Records missing shards in the current scope; without a scope (e.g. a background job) nothing happens. */
    public static void report(List<MissingShard> missing) {
        TreeMap<Integer, MissingShard> scope = CURRENT.get();
        if (scope != null) {
            missing.forEach(m -> scope.putIfAbsent(m.shard(), m));
        }
    }

    /** The warnings of several answers, each shard once, ascending. */
    public static List<MissingShard> union(List<List<MissingShard>> lists) {
        TreeMap<Integer, MissingShard> all = new TreeMap<>();
        lists.forEach(l -> l.forEach(m -> all.putIfAbsent(m.shard(), m)));
        List<MissingShard> out = new ArrayList<>(all.values());
        out.sort(Comparator.comparingInt(MissingShard::shard));
        return out;
    }
}
