package dta.observatory.support;

import java.util.Map;

/**
 * The stable 64-bit id of a series (metric name + label set). It keys and routes the series in cluster mode's Kafka
 * topic: the partition of a series is {@code floorMod(id, partitions)}, and a store shard owns the partitions
 * {@code p} with {@code p mod shards = shard}, so routing is a pure function of the id in every process and every
 * version. The cardinality limit counts series by it too.
 *
 * <p>Therefore the algorithm is part of the wire contract and must never change: FNV-1a (64-bit) over the UTF-16
 * code units of the metric name; for each label, FNV-1a over {@code name U+0000 value}, scrambled with the
 * SplitMix64 finaliser; the label hashes are added (order independent, no sort and no allocation per sample), and
 * the sum is mixed with the name's hash and scrambled once more.
 */
public final class SeriesId {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private SeriesId() {
    }

    public static long of(String metric, Map<String, String> labels) {
        long labelSum = 0;
        for (Map.Entry<String, String> l : labels.entrySet()) {
            long h = fnv(fnv(FNV_OFFSET, l.getKey()), "\u0000");
            labelSum += scramble(fnv(h, l.getValue()));
        }
        return scramble(fnv(FNV_OFFSET, metric) * 31 + labelSum);
    }

    /** The partition of a series among {@code partitions}. */
    public static int partition(long seriesId, int partitions) {
        return (int) Math.floorMod(seriesId, (long) partitions);
    }

    /** The store shard that owns {@code partition}: shard s owns the partitions p with p mod shards = s. */
    public static int shardOfPartition(int partition, int shards) {
        return partition % shards;
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= FNV_PRIME;
        }
        return h;
    }

    /** SplitMix64's finaliser: every input bit reaches every output bit. */
    private static long scramble(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
