package dta.observatory.k8s;

import dta.observatory.k8s.NetworkFlows.Endpoint;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * overlays/cluster: the operators' custom resources (Strimzi Kafka, KafkaNodePool, KafkaTopic; CloudNativePG Cluster,
 * Database) are valid against the CRD schemas the operators publish, and the services' cluster-mode settings agree
 * with them: topic and partitions, shards x replicas and the StatefulSet, the peer DNS names, the database URLs and
 * the generated Secret, and the network flows between all of them.
 */
class ClusterOverlayTest {

    static final Rendered CLUSTER = Rendered.of("overlays/cluster");
    static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([a-z0-9.-]+):(\\d+)/([A-Za-z0-9_]+)");

    /** The operators' published CRDs (src/test/resources/crds, README there), parsed once: they are large. */
    static final CrdSchema CRDS = loadCrds();

    static CrdSchema loadCrds() {
        try {
            return CrdSchema.load(Path.of(ClusterOverlayTest.class.getResource("/crds").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static CrdSchema crds() {
        return CRDS;
    }

    static List<GenericKubernetesResource> kind(String apiGroup, String kind) {
        return CLUSTER.all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getApiVersion().startsWith(apiGroup + "/") && o.getKind().equals(kind)).toList();
    }

    static GenericKubernetesResource single(String apiGroup, String kind) {
        List<GenericKubernetesResource> found = kind(apiGroup, kind);
        assertThat(found).as("overlays/cluster: one %s %s", apiGroup, kind).hasSize(1);
        return found.get(0);
    }

    static GenericKubernetesResource kafka() {
        return single("kafka.strimzi.io", "Kafka");
    }

    static GenericKubernetesResource postgres() {
        return single("postgresql.cnpg.io", "Cluster");
    }

    static Map<String, String> env(String module) {
        return CLUSTER.environment(CLUSTER.container(module));
    }

    static int integer(String value) {
        return Integer.parseInt(Objects.requireNonNull(value, "missing value"));
    }

    @SuppressWarnings("unchecked")
    static <T> T field(GenericKubernetesResource o, Object... path) {
        return (T) o.get(path);
    }

    // ---- the custom resources against their published schemas ----

    @Test
    void everyCustomResourceIsValidAgainstItsOperatorsPublishedCrdSchema() {
        CrdSchema schema = crds();
        List<GenericKubernetesResource> resources = CLUSTER.all(GenericKubernetesResource.class);
        assertThat(resources).extracting(GenericKubernetesResource::getKind)
                .containsExactlyInAnyOrder("Kafka", "KafkaNodePool", "KafkaTopic", "Cluster", "Database");
        for (GenericKubernetesResource resource : resources) {
            assertThat(schema.knows(resource)).as("a CRD for %s %s under src/test/resources/crds",
                    resource.getApiVersion(), resource.getKind()).isTrue();
            assertThat(schema.validate(resource)).as("%s/%s against its CRD", resource.getKind(),
                    resource.getMetadata().getName()).isEmpty();
        }
    }

    /** The schema check itself: each kind of mistake it is there to catch is reported, with its path. */
    @Test
    void theSchemaCheckReportsTyposWrongTypesBadValuesAndMissingFields() {
        CrdSchema schema = crds();
        GenericKubernetesResource kafka = copy(kafka());
        Map<String, Object> kafkaSpec = field(kafka, "spec", "kafka");
        kafkaSpec.put("listners", kafkaSpec.get("listeners"));
        assertThat(schema.validate(kafka)).singleElement().asString()
                .contains(".spec.kafka.listners").contains("unknown field");

        GenericKubernetesResource topic = copy(single("kafka.strimzi.io", "KafkaTopic"));
        Map<String, Object> topicSpec = field(topic, "spec");
        topicSpec.put("partitions", "32");
        topicSpec.put("replicas", 0);
        assertThat(schema.validate(topic)).anySatisfy(e -> assertThat(e).contains(".spec.partitions")
                        .contains("integer"))
                .anySatisfy(e -> assertThat(e).contains(".spec.replicas").contains("minimum"));

        GenericKubernetesResource pool = copy(single("kafka.strimzi.io", "KafkaNodePool"));
        Map<String, Object> poolSpec = field(pool, "spec");
        poolSpec.remove("roles");
        Map<String, Object> storage = field(pool, "spec", "storage");
        storage.put("type", "persistent");
        assertThat(schema.validate(pool))
                .anySatisfy(e -> assertThat(e).contains(".spec: required field roles"))
                .anySatisfy(e -> assertThat(e).contains(".spec.storage.type").contains("none of"));

        GenericKubernetesResource database = copy(single("postgresql.cnpg.io", "Database"));
        Map<String, Object> databaseSpec = field(database, "spec");
        databaseSpec.remove("owner");
        assertThat(schema.validate(database)).anySatisfy(e -> assertThat(e).contains("required field owner"));

        GenericKubernetesResource cluster = copy(postgres());
        Map<String, Object> clusterSpec = field(cluster, "spec");
        clusterSpec.put("instances", 0);
        Map<String, Object> initdb = field(cluster, "spec", "bootstrap", "initdb");
        initdb.put("databse", "x");
        assertThat(schema.validate(cluster))
                .anySatisfy(e -> assertThat(e).contains(".spec.instances").contains("minimum"))
                .anySatisfy(e -> assertThat(e).contains(".spec.bootstrap.initdb.databse").contains("unknown field"));
    }

    static GenericKubernetesResource copy(GenericKubernetesResource resource) {
        return Serialization.unmarshal(Serialization.asJson(resource), GenericKubernetesResource.class);
    }

    // ---- Kafka ----

    @Test
    void kafkaRunsInKRaftModeWithNodePoolsThatHoldAControllerQuorumAndTheBrokers() {
        GenericKubernetesResource kafka = kafka();
        assertThat(kafka.getApiVersion()).as("Strimzi's v1 API (Strimzi >= 1.0, KRaft only)")
                .isEqualTo("kafka.strimzi.io/v1");
        assertThat((Object) field(kafka, "spec", "zookeeper")).isNull();
        int controllers = 0;
        int brokers = 0;
        for (GenericKubernetesResource pool : kind("kafka.strimzi.io", "KafkaNodePool")) {
            assertThat(pool.getMetadata().getLabels()).as("pool %s belongs to the Kafka", pool.getMetadata().getName())
                    .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
            List<String> roles = field(pool, "spec", "roles");
            int replicas = field(pool, "spec", "replicas");
            controllers += roles.contains("controller") ? replicas : 0;
            brokers += roles.contains("broker") ? replicas : 0;
        }
        assertThat(controllers).as("an odd KRaft quorum that survives one loss").isGreaterThanOrEqualTo(3).isOdd();
        GenericKubernetesResource topic = single("kafka.strimzi.io", "KafkaTopic");
        int replicas = field(topic, "spec", "replicas");
        assertThat(brokers).as("brokers for every replica of the topic").isGreaterThanOrEqualTo(replicas);
        Map<String, Object> config = field(kafka, "spec", "kafka", "config");
        assertThat(config).containsEntry("auto.create.topics.enable", false);
        assertThat((Object) field(kafka, "spec", "entityOperator", "topicOperator")).as("the topic operator runs")
                .isNotNull();
    }

    @Test
    void theKafkaTopicOwnsTheSampleTopicWithThePartitionsAndReplicationBothServicesUse() {
        GenericKubernetesResource topic = single("kafka.strimzi.io", "KafkaTopic");
        assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka().getMetadata().getName());
        String name = Objects.requireNonNullElse(field(topic, "spec", "topicName"), topic.getMetadata().getName());
        int partitions = field(topic, "spec", "partitions");
        int replicas = field(topic, "spec", "replicas");
        Map<String, Object> config = field(topic, "spec", "config");

        Map<String, String> ingest = env("ingest-service");
        Map<String, String> store = env("store-service");
        assertThat(ingest).containsEntry("DTA_INGEST_SINK", "kafka");
        assertThat(ingest.get("DTA_INGEST_KAFKA_TOPIC")).as("ingest's topic").isEqualTo(name);
        assertThat(store.get("DTA_STORE_KAFKA_TOPIC")).as("the store's topic").isEqualTo(name);
        assertThat(integer(ingest.get("DTA_INGEST_KAFKA_PARTITIONS"))).as("ingest routes over the topic's partitions")
                .isEqualTo(partitions);
        assertThat(integer(store.get("DTA_STORE_KAFKA_PARTITIONS"))).as("the store assigns the topic's partitions")
                .isEqualTo(partitions);
        assertThat(integer(ingest.get("DTA_INGEST_KAFKA_REPLICATION_FACTOR"))).isEqualTo(replicas);
        assertThat(replicas).isEqualTo(3);
        assertThat(partitions).isEqualTo(32);
        assertThat(Integer.parseInt(String.valueOf(config.get("min.insync.replicas"))))
                .as("acknowledged by a majority, so one broker may be down").isEqualTo(2).isLessThan(replicas);
    }

    @Test
    @SuppressWarnings("unchecked")
    void bothServicesBootstrapFromTheKafkaBootstrapServiceOnThePlainListener() {
        GenericKubernetesResource kafka = kafka();
        List<Map<String, Object>> listeners = field(kafka, "spec", "kafka", "listeners");
        Map<String, Object> plain = listeners.stream().filter(l -> Boolean.FALSE.equals(l.get("tls"))
                && "internal".equals(l.get("type"))).findFirst().orElseThrow(() -> new AssertionError("no plain listener"));
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:" + plain.get("port");
        assertThat(env("ingest-service")).containsEntry("DTA_INGEST_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        assertThat(env("store-service")).containsEntry("DTA_STORE_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        // Strimzi makes the listener's networkPolicyPeers the brokers' ingress: exactly the producer and the consumer.
        List<Map<String, Object>> peers = (List<Map<String, Object>>) plain.get("networkPolicyPeers");
        assertThat(peers).extracting(p -> ((Map<String, Map<String, String>>) p.get("podSelector")).get("matchLabels"))
                .containsExactlyInAnyOrder(Map.of("app.kubernetes.io/name", "ingest-service"),
                        Map.of("app.kubernetes.io/name", "store-service"));
    }

    // ---- the store ----

    @Test
    void shardsTimesReplicasIsTheStatefulSetsSizeAndNothingAutoscalesIt() {
        StatefulSet store = CLUSTER.get(StatefulSet.class, "store-service");
        Map<String, String> env = env("store-service");
        assertThat(env).containsEntry("DTA_STORE_CLUSTER_ENABLED", "true");
        int shards = integer(env.get("DTA_STORE_CLUSTER_SHARDS"));
        int replicas = integer(env.get("DTA_STORE_CLUSTER_REPLICAS"));
        assertThat(shards).isEqualTo(2);
        assertThat(replicas).isEqualTo(2);
        assertThat(store.getSpec().getReplicas()).as("shards x replicas").isEqualTo(shards * replicas);
        assertThat(env).as("each pod takes its ordinal from its hostname").doesNotContainKey("DTA_STORE_CLUSTER_ORDINAL");
        assertThat(integer(env.get("DTA_STORE_KAFKA_PARTITIONS"))).as("every shard owns partitions")
                .isGreaterThanOrEqualTo(shards);
        assertThat(store.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(store.getSpec().getVolumeClaimTemplates()).as("each pod keeps its own volume").isNotEmpty();
        assertThat(CLUSTER.all(HorizontalPodAutoscaler.class))
                .as("shards are static: no autoscaler for the store")
                .noneMatch(h -> h.getSpec().getScaleTargetRef().getName().equals("store-service"));

        // Ordinal o serves shard o mod N as replica o / N: both shards have R pods, no replica index repeats a shard.
        Map<Integer, List<String>> podsByShard = new LinkedHashMap<>();
        Set<String> shardReplica = new TreeSet<>();
        for (int o = 0; o < store.getSpec().getReplicas(); o++) {
            podsByShard.computeIfAbsent(o % shards, s -> new ArrayList<>()).add("store-service-" + o);
            assertThat(shardReplica.add((o % shards) + "/" + (o / shards))).isTrue();
        }
        assertThat(podsByShard).isEqualTo(Map.of(0, List.of("store-service-0", "store-service-2"),
                1, List.of("store-service-1", "store-service-3")));
    }

    @Test
    void thePeerPatternResolvesToEveryStorePodsNameUnderAHeadlessServiceThatPublishesUnreadyPods() {
        StatefulSet store = CLUSTER.get(StatefulSet.class, "store-service");
        String pattern = env("store-service").get("DTA_STORE_CLUSTER_PEER_ADDRESS_PATTERN");
        assertThat(pattern).contains("{ordinal}");
        Service headless = CLUSTER.get(Service.class, store.getSpec().getServiceName());
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses())
                .as("a replica catching up is not ready yet, but its peers must find it").isTrue();
        assertThat(Rendered.matches(headless.getSpec().getSelector(), store.getSpec().getTemplate().getMetadata()
                .getLabels())).isTrue();
        int port = ServiceConfig.load(Rendered.repoRoot(), "store-service").httpPort();
        assertThat(headless.getSpec().getPorts()).anySatisfy(p -> assertThat(p.getPort()).isEqualTo(port));
        for (int o = 0; o < store.getSpec().getReplicas(); o++) {
            // A StatefulSet pod's DNS name: <statefulset>-<ordinal>.<governing service>.<namespace>.svc
            String dnsName = store.getMetadata().getName() + "-" + o + "." + headless.getMetadata().getName() + "."
                    + CLUSTER.namespace() + ".svc";
            assertThat(pattern.replace("{ordinal}", String.valueOf(o))).isEqualTo(dnsName + ":" + port);
        }
    }

    // ---- watcher and alert on PostgreSQL ----

    @Test
    void watcherAndAlertRunTwoMembersEachOnTheirOwnDatabaseBehindTheReadWriteService() {
        GenericKubernetesResource pg = postgres();
        String cluster = pg.getMetadata().getName();
        Map<String, String> initdb = field(pg, "spec", "bootstrap", "initdb");
        Map<String, String> owners = new HashMap<>();
        owners.put(initdb.get("database"), initdb.get("owner"));
        for (GenericKubernetesResource db : kind("postgresql.cnpg.io", "Database")) {
            assertThat((String) field(db, "spec", "cluster", "name")).isEqualTo(cluster);
            owners.put(field(db, "spec", "name"), field(db, "spec", "owner"));
        }
        assertThat(Set.copyOf(owners.values())).as("one application role, the one whose credentials %s-app holds",
                cluster).containsExactly(initdb.get("owner"));

        Map<String, String> databaseOf = new HashMap<>();
        for (String module : List.of("watcher-service", "alert-service")) {
            Map<String, String> env = env(module);
            String prefix = "DTA_" + module.substring(0, module.indexOf('-')).toUpperCase();
            assertThat(env).containsEntry(prefix + "_CLUSTER_ENABLED", "true");
            Matcher url = JDBC.matcher(Objects.requireNonNullElse(env.get("QUARKUS_DATASOURCE_JDBC_URL"), ""));
            assertThat(url.matches()).as("%s datasource URL %s", module, env.get("QUARKUS_DATASOURCE_JDBC_URL")).isTrue();
            assertThat(url.group(1)).as("%s talks to the primary via the -rw Service", module).isEqualTo(cluster + "-rw");
            assertThat(url.group(2)).isEqualTo("5432");
            assertThat(owners).as("%s's database exists in the cluster", module).containsKey(url.group(3));
            databaseOf.put(module, url.group(3));

            Container c = CLUSTER.container(module);
            for (String[] credential : new String[][] {{"QUARKUS_DATASOURCE_USERNAME", "username"},
                    {"QUARKUS_DATASOURCE_PASSWORD", "password"}}) {
                EnvVar var = c.getEnv().stream().filter(v -> v.getName().equals(credential[0])).findFirst()
                        .orElseThrow(() -> new AssertionError(module + " has no " + credential[0]));
                assertThat(var.getValueFrom().getSecretKeyRef().getName()).as("CloudNativePG's generated Secret")
                        .isEqualTo(cluster + "-app").isIn(CLUSTER.operatorGeneratedSecrets());
                assertThat(var.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(credential[1]);
            }
            Deployment deployment = CLUSTER.get(Deployment.class, module);
            assertThat(deployment.getSpec().getReplicas()).as("%s members", module).isEqualTo(2);
            // Members coexist (the database coordinates them), so rollouts need not stop the old pod first.
            String strategy = deployment.getSpec().getStrategy() == null ? null
                    : deployment.getSpec().getStrategy().getType();
            assertThat(strategy).as("%s rollout (unset means RollingUpdate)", module).isNotEqualTo("Recreate");
        }
        assertThat(databaseOf.get("watcher-service")).isNotEqualTo(databaseOf.get("alert-service"));

        EnvVar member = CLUSTER.container("watcher-service").getEnv().stream()
                .filter(v -> v.getName().equals("DTA_WATCHER_CLUSTER_MEMBER_ID")).findFirst()
                .orElseThrow(() -> new AssertionError("no DTA_WATCHER_CLUSTER_MEMBER_ID"));
        assertThat(member.getValueFrom().getFieldRef().getFieldPath()).as("the pod name").isEqualTo("metadata.name");
        int instances = field(pg, "spec", "instances");
        assertThat(instances).as("a primary and a standby").isGreaterThanOrEqualTo(2);
    }

    // ---- network flows ----

    /** The operators' pods as their operators label them (Strimzi 1.2, CloudNativePG 1.30), with the overlay's labels. */
    record Pods(Endpoint broker, Endpoint entityOperator, Endpoint instance, Endpoint strimzi, Endpoint cnpg) {
        static Pods of(Rendered r) {
            String kafka = kafka().getMetadata().getName();
            String pg = postgres().getMetadata().getName();
            Map<String, String> broker = Map.of("strimzi.io/cluster", kafka, "strimzi.io/kind", "Kafka",
                    "strimzi.io/name", kafka + "-kafka", "strimzi.io/pool-name", "dual-role",
                    "strimzi.io/broker-role", "true", "strimzi.io/controller-role", "true");
            Map<String, String> entity = new HashMap<>(Map.of("strimzi.io/cluster", kafka, "strimzi.io/kind", "Kafka",
                    "strimzi.io/name", kafka + "-entity-operator"));
            entity.putAll(field(kafka(), "spec", "entityOperator", "template", "pod", "metadata", "labels"));
            Map<String, String> instance = new HashMap<>(Map.of("cnpg.io/cluster", pg, "cnpg.io/podRole", "instance",
                    "cnpg.io/instanceRole", "primary"));
            instance.putAll(field(postgres(), "spec", "inheritedMetadata", "labels"));
            return new Pods(Endpoint.pod(r.namespace(), Map.of(), broker), Endpoint.pod(r.namespace(), Map.of(), entity),
                    Endpoint.pod(r.namespace(), Map.of(), instance),
                    Endpoint.pod("strimzi", Map.of(), Map.of("strimzi.io/kind", "cluster-operator",
                            "name", "strimzi-cluster-operator")),
                    Endpoint.pod("cnpg-system", Map.of(), Map.of("app.kubernetes.io/name", "cloudnative-pg")));
        }
    }

    @Test
    void theClusterFlowsAreAllowedAndNothingMore() {
        NetworkPolicyTest.World w = NetworkPolicyTest.World.of(CLUSTER);
        NetworkFlows flows = w.flows();
        Pods p = Pods.of(CLUSTER);
        Endpoint store = w.pod("store-service");
        Endpoint ingest = w.pod("ingest-service");
        Endpoint watcher = w.pod("watcher-service");
        Endpoint alert = w.pod("alert-service");
        Endpoint apiServer = Endpoint.external("172.18.0.2");

        List<String> blocked = new ArrayList<>();
        List<String> open = new ArrayList<>();
        record Flow(String name, Endpoint from, Endpoint to, int port) {
        }
        List<Flow> must = List.of(
                new Flow("store -> store (fan-out, catch-up)", store, store, 8082),
                new Flow("ingest -> kafka", ingest, p.broker(), 9092),
                new Flow("store -> kafka", store, p.broker(), 9092),
                new Flow("watcher -> postgres", watcher, p.instance(), 5432),
                new Flow("alert -> postgres", alert, p.instance(), 5432),
                new Flow("kafka -> kafka controller", p.broker(), p.broker(), 9090),
                new Flow("kafka -> kafka replication", p.broker(), p.broker(), 9091),
                new Flow("topic operator -> kafka", p.entityOperator(), p.broker(), 9091),
                new Flow("strimzi -> kafka controller", p.strimzi(), p.broker(), 9090),
                new Flow("strimzi -> kafka replication", p.strimzi(), p.broker(), 9091),
                new Flow("strimzi -> kafka agent", p.strimzi(), p.broker(), 8443),
                new Flow("postgres -> postgres replication", p.instance(), p.instance(), 5432),
                new Flow("postgres -> instance manager", p.instance(), p.instance(), 8000),
                new Flow("cnpg -> postgres status", p.cnpg(), p.instance(), 8000),
                new Flow("cnpg -> postgres", p.cnpg(), p.instance(), 5432),
                new Flow("postgres -> kube API", p.instance(), apiServer, 6443),
                new Flow("topic operator -> kube API", p.entityOperator(), apiServer, 443));
        List<Flow> mustNot = List.of(
                new Flow("ingest -> postgres", ingest, p.instance(), 5432),
                new Flow("store -> postgres", store, p.instance(), 5432),
                new Flow("watcher -> kafka", watcher, p.broker(), 9092),
                new Flow("alert -> kafka", alert, p.broker(), 9092),
                new Flow("ingest -> kafka replication", ingest, p.broker(), 9091),
                new Flow("store -> kafka controller", store, p.broker(), 9090),
                new Flow("stranger -> kafka", NetworkPolicyTest.STRANGER, p.broker(), 9092),
                new Flow("emitter -> kafka", NetworkPolicyTest.EMITTER, p.broker(), 9092),
                new Flow("stranger -> postgres", NetworkPolicyTest.STRANGER, p.instance(), 5432),
                new Flow("reader -> postgres", NetworkPolicyTest.READER_ELSEWHERE, p.instance(), 5432),
                new Flow("a 'strimzi operator' elsewhere -> kafka", Endpoint.pod("elsewhere", Map.of(),
                        Map.of("strimzi.io/kind", "cluster-operator")), p.broker(), 9091),
                new Flow("a 'cnpg operator' elsewhere -> postgres", Endpoint.pod("elsewhere", Map.of(),
                        Map.of("app.kubernetes.io/name", "cloudnative-pg")), p.instance(), 8000),
                new Flow("kafka -> postgres", p.broker(), p.instance(), 5432),
                new Flow("postgres -> kafka", p.instance(), p.broker(), 9092),
                new Flow("kafka -> kube API", p.broker(), apiServer, 6443),
                new Flow("kafka -> internet", p.broker(), NetworkPolicyTest.WEBHOOK, 443),
                new Flow("postgres -> internet", p.instance(), NetworkPolicyTest.WEBHOOK, 443),
                new Flow("postgres -> kube API on another port", p.instance(), apiServer, 5432),
                new Flow("store -> kube API", store, apiServer, 6443),
                new Flow("watcher -> kube API", watcher, apiServer, 443),
                new Flow("topic operator -> kafka plain", p.entityOperator(), p.broker(), 9092));
        for (Flow f : must) {
            if (!flows.allows(f.from(), f.to(), f.port(), "TCP")) {
                blocked.add(f.name());
            }
        }
        for (Flow f : mustNot) {
            if (flows.allows(f.from(), f.to(), f.port(), "TCP")) {
                open.add(f.name());
            }
        }
        assertThat(blocked).as("needed flows the policies block").isEmpty();
        assertThat(open).as("flows the policies should block but allow").isEmpty();
    }
}
