package dta.observatory.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.support.SeriesId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterTopologyTest {

    private static ClusterTopology instance(int ordinal) {
        return new ClusterTopology(2, 2, 8, ordinal,
                ClusterTopology.addressesFromPattern("store-{ordinal}.store-headless:8082", 4));
    }

    @Test
    void ordinalsMapToShardAndReplicaLikeStatefulSetPods() {
        assertThat(List.of(instance(0).shard(), instance(1).shard(), instance(2).shard(), instance(3).shard()))
                .containsExactly(0, 1, 0, 1);
        assertThat(List.of(instance(0).replica(), instance(1).replica(), instance(2).replica(),
                instance(3).replica())).containsExactly(0, 0, 1, 1);
        assertThat(instance(2).address(1)).isEqualTo("store-1.store-headless:8082");
        assertThat(ClusterTopology.ordinalFromHostname("store-13")).isEqualTo(13);
        assertThatThrownBy(() -> ClusterTopology.ordinalFromHostname("laptop"))
                .hasMessageContaining("dta.store.cluster.ordinal");
    }

    @Test
    void everyPartitionHasExactlyOneShardAndTwinsConsumeTheSame() {
        Set<Integer> seen = new HashSet<>();
        for (int o = 0; o < 2; o++) {
            for (int p : instance(o).ownedPartitions()) {
                assertThat(seen.add(p)).as("partition %d owned twice", p).isTrue();
                assertThat(instance(o).shardOfPartition(p)).isEqualTo(instance(o).shard());
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(instance(2).ownedPartitions()).isEqualTo(instance(0).ownedPartitions());
    }

    @Test
    void aSeriesRoutesToTheShardOwningItsPartition() {
        long id = SeriesId.of("permit.pay.ok", Map.of("region", "east"));
        int shard = instance(0).shardOfSeries(id);
        assertThat(instance(shard).ownedPartitions()).contains(SeriesId.partition(id, 8));
    }

    @Test
    void replicasOfAShardListThisInstanceFirst() {
        assertThat(instance(2).replicasOf(0)).containsExactly(2, 0);
        assertThat(instance(2).replicasOf(1)).containsExactly(1, 3);
    }

    @Test
    void inconsistentSettingsAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> new ClusterTopology(4, 1, 2, 0, List.of("a", "b", "c", "d")))
                .hasMessageContaining("partitions (2) must be >= shards (4)");
        assertThatThrownBy(() -> new ClusterTopology(2, 2, 8, 4, List.of("a", "b", "c", "d")))
                .hasMessageContaining("ordinal must be in 0..3");
        assertThatThrownBy(() -> new ClusterTopology(2, 2, 8, 0, List.of("a")))
                .hasMessageContaining("one address per instance");
    }
}
