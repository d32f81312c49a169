package dta.observatory.store.cluster.query;

import java.util.List;

/** A read's answer together with the shards that could not contribute to it (empty: the answer is complete). */
public record Sharded<T>(T value, List<MissingShard> missing) {

    public Sharded {
        missing = List.copyOf(missing);
    }

    public static <T> Sharded<T> complete(T value) {
        return new Sharded<>(value, List.of());
    }

    public boolean partial() {
        return !missing.isEmpty();
    }
}
