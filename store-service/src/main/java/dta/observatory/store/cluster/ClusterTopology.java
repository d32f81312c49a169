package dta.observatory.store.cluster;

import dta.observatory.support.SeriesId;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is who in a cluster of store instances: N shards × R replicas, numbered by ordinal as the pods of one
 * StatefulSet are ({@code store-0}, {@code store-1}, …). Ordinal {@code o} serves shard {@code o mod N} as replica
 * {@code o / N}, so the first N pods hold one copy of every shard and the next N a second one.
 *
 * <p>Routing is a pure function of the series id: a series' Kafka partition is {@code floorMod(id, partitions)}
 * ({@link SeriesId#partition}) and shard s owns the partitions p with {@code p mod N = s}, assigned statically (no
 * consumer-group rebalancing). Plain Java, no framework.
 */
public final class ClusterTopology {

    private final int shards;
    private final int replicas;
    private final int partitions;
    private final int ordinal;
    private final List<String> addresses;

    /**
     * @param addresses host:port of every instance, indexed by ordinal ({@code shards * replicas} entries)
     */
    public ClusterTopology(int shards, int replicas, int partitions, int ordinal, List<String> addresses) {
        if (shards < 1 || replicas < 1) {
            throw new IllegalArgumentException("shards and replicas must be >= 1, got " + shards + " × " + replicas);
        }
        if (partitions < shards) {
            throw new IllegalArgumentException("partitions (" + partitions + ") must be >= shards (" + shards
                    + "): a shard without a partition would hold nothing");
        }
        if (ordinal < 0 || ordinal >= shards * replicas) {
            throw new IllegalArgumentException("ordinal must be in 0.." + (shards * replicas - 1) + " for " + shards
                    + " shards × " + replicas + " replicas, got " + ordinal);
        }
        if (addresses.size() != shards * replicas) {
            throw new IllegalArgumentException("need one address per instance (" + shards * replicas + "), got "
                    + addresses.size() + ": " + addresses);
        }
        this.shards = shards;
        this.replicas = replicas;
        this.partitions = partitions;
        this.ordinal = ordinal;
        this.addresses = List.copyOf(addresses);
    }

    /**
     * Addresses from a pattern such as {@code store-{ordinal}.store-headless:8082} (the headless Service's DNS names
     * of a StatefulSet's pods).
     */
    public static List<String> addressesFromPattern(String pattern, int instances) {
        if (!pattern.contains("{ordinal}")) {
            throw new IllegalArgumentException("peer address pattern must contain {ordinal}, got '" + pattern + "'");
        }
        List<String> out = new ArrayList<>(instances);
        for (int o = 0; o < instances; o++) {
            out.add(pattern.replace("{ordinal}", Integer.toString(o)));
        }
        return out;
    }

    /**
     * The ordinal at the end of a StatefulSet pod's host name ({@code store-3} → 3).
     *
     * @throws IllegalArgumentException when the name does not end in {@code -<number>}
     */
    public static int ordinalFromHostname(String hostname) {
        int dash = hostname.lastIndexOf('-');
        try {
            return Integer.parseInt(hostname.substring(dash + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("cannot take an ordinal from host name '" + hostname
                    + "': set dta.store.cluster.ordinal", e);
        }
    }

    public int shards() {
        return shards;
    }

    public int replicas() {
        return replicas;
    }

    public int partitions() {
        return partitions;
    }

    public int ordinal() {
        return ordinal;
    }

    /** The shard this instance holds. */
    public int shard() {
        return shardOf(ordinal);
    }

    /** Which copy of its shard this instance is (0-based). */
    public int replica() {
        return ordinal / shards;
    }

    /** The shard instance {@code ordinal} holds. */
    public int shardOf(int instanceOrdinal) {
        return instanceOrdinal % shards;
    }

    /** The shard owning a Kafka partition. */
    public int shardOfPartition(int partition) {
        return SeriesId.shardOfPartition(partition, shards);
    }

    /** The shard holding a series. */
    public int shardOfSeries(long seriesId) {
        return shardOfPartition(SeriesId.partition(seriesId, partitions));
    }

    /** The partitions this instance consumes, ascending. */
    public List<Integer> ownedPartitions() {
        List<Integer> out = new ArrayList<>();
        for (int p = shard(); p < partitions; p += shards) {
            out.add(p);
        }
        return out;
    }

    /** The ordinals of the replicas of {@code shard}, this instance first when it is one of them. */
    public List<Integer> replicasOf(int shard) {
        List<Integer> out = new ArrayList<>(replicas);
        if (shard == shard()) {
            out.add(ordinal);
        }
        for (int r = 0; r < replicas; r++) {
            int o = r * shards + shard;
            if (o != ordinal) {
                out.add(o);
            }
        }
        return out;
    }

    /** host:port of instance {@code instanceOrdinal}. */
    public String address(int instanceOrdinal) {
        return addresses.get(instanceOrdinal);
    }
}
