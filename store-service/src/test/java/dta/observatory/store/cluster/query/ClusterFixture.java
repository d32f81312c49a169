package dta.observatory.store.cluster.query;

import dta.observatory.store.cluster.ClusterTopology;
import dta.observatory.store.engine.StorageOptions;
import dta.observatory.store.engine.TsdbStorage;
import dta.observatory.store.storage.StoredSample;
import dta.observatory.support.SeriesId;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * shards × replicas store instances on loopback, each a TsdbStorage in its own directory served by a plain gRPC
 * server with {@link ShardReadHandler} (what each store instance serves), no Quarkus. Samples are appended to the
 * engines of their shard's replicas directly, as the Kafka consumer would.
 */
final class ClusterFixture implements AutoCloseable {

    final int shards;
    final int replicas;
    final List<TsdbStorage> engines = new ArrayList<>();
    final List<Server> servers = new ArrayList<>();
    final List<String> addresses = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fixture-fan-out");
        t.setDaemon(true);
        return t;
    });
    private final List<ShardedStorage> opened = new ArrayList<>();

    ClusterFixture(Path dir, int shards, int replicas) throws IOException {
        this.shards = shards;
        this.replicas = replicas;
        for (int o = 0; o < shards * replicas; o++) {
            Path d = Files.createDirectories(dir.resolve("store-" + o));
            TsdbStorage engine = TsdbStorage.open(d, StorageOptions.defaults(), Clock.systemUTC());
            engines.add(engine);
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new ShardReadHandler(engine, () -> true)).build().start();
            servers.add(server);
            addresses.add("127.0.0.1:" + server.getPort());
        }
    }

    ClusterTopology topology(int ordinal) {
        return new ClusterTopology(shards, replicas, Math.max(8, shards), ordinal, addresses);
    }

    /** The cluster as instance {@code ordinal} reads it: its own engine locally, the others over gRPC. */
    ShardedStorage readerAt(int ordinal, Duration timeout) {
        ClusterTopology topology = topology(ordinal);
        ShardedStorage s = new ShardedStorage(topology, o -> o == ordinal
                ? new LocalShardReader(engines.get(o), () -> true)
                : new PeerShardReader(addresses.get(o), timeout), executor, shard -> { });
        opened.add(s);
        return s;
    }

    /** Each sample into every replica of its series' shard. */
    void append(List<StoredSample> samples) {
        ClusterTopology t = topology(0);
        for (int shard = 0; shard < shards; shard++) {
            int s = shard;
            List<StoredSample> mine = samples.stream().filter(x -> t.shardOfSeries(SeriesId.of(x.series().metric(),
                    x.series().labels())) == s).toList();
            if (mine.isEmpty()) {
                continue;
            }
            for (int r = 0; r < replicas; r++) {
                var outcome = engines.get(r * shards + shard).append(mine);
                if (!outcome.rejections().isEmpty()) {
                    throw new IllegalStateException("rejected: " + outcome.rejections());
                }
            }
        }
    }

    void stop(int ordinal) throws InterruptedException {
        servers.get(ordinal).shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Serves instance {@code ordinal} again on its old port, as a restarted replica would. */
    void restart(int ordinal) throws IOException {
        int port = Integer.parseInt(addresses.get(ordinal).substring(addresses.get(ordinal).lastIndexOf(':') + 1));
        servers.set(ordinal, NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(new ShardReadHandler(engines.get(ordinal), () -> true)).build().start());
    }

    @Override
    public void close() throws InterruptedException {
        opened.forEach(ShardedStorage::close);
        for (Server s : servers) {
            s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        engines.forEach(TsdbStorage::close);
        executor.shutdownNow();
    }
}
