package dta.observatory.store.cluster.query;

/**
 * A shard none of whose replicas answered a read; {@code message} says why, replica by replica, e.g.
 * {@code "shard 1: no ready replica (store-1...:8082: UNAVAILABLE: not ready, store-3...:8082: DEADLINE_EXCEEDED)"}.
 */
public record MissingShard(int shard, String message) {
}
