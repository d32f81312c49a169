#!/bin/bash
# Benchmark (BENCHMARKS.md, "Cluster mode"): ingest through Kafka into N store shards (one replica each) on this
# machine, and the CPU it costs. Starts dev-infra's Kafka broker (KRaft), ingest with dta.ingest.sink=kafka and N
# store instances in cluster mode, then ingest's LoadTool for the given time. Reports the rate ingest acknowledged
# (after Kafka's acks=all), the rate the shards made durable (their consumers' appends, until they caught up) and
# the CPU seconds each process used, per 100k samples/s.
# Needs the packaged services and test classes: mvn -B -q -pl e2e-tests -am verify -DskipTests (or ./run once plus
# mvn -B -q -pl ingest-service test-compile).
#   bench/cluster-ingest.sh <shards> [LoadTool args...]
set -u
R=$(cd "$(dirname "$0")/.." && pwd)
SHARDS=${1:?usage: cluster-ingest.sh <shards> [LoadTool args]}; shift
PARTITIONS=${PARTITIONS:-32}
HDR=~/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar
CP="$R/ingest-service/target/test-classes:$R/ingest-service/target/classes:$R/ingest-service/target/quarkus-app/lib/main/*:$HDR"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14+$15}' /proc/$1/stat; } # utime + stime of a process, in clock ticks
TICKS=$(getconf CLK_TCK)
W=$(mktemp -d /tmp/bench-cluster.XXXX)
KP=$(free_port); KC=$(free_port); PP=$(free_port)
java -cp "$R/dev-infra/target/dev-infra-0.1.0-SNAPSHOT.jar:$(cat $R/dev-infra/target/runtime-classpath.txt)" \
  dta.observatory.devinfra.DevInfra $W/infra $KP $KC $PP > $W/infra.log 2>&1 & INFRA=$!
for i in $(seq 1 120); do grep -q "DEV-INFRA READY" $W/infra.log && break; sleep 1; done
IP=$(free_port)
QUARKUS_HTTP_PORT=$IP DTA_INGEST_SINK=kafka DTA_INGEST_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KP \
  DTA_INGEST_KAFKA_PARTITIONS=$PARTITIONS QUARKUS_GRPC_CLIENTS_ALERT_PORT=1 \
  DTA_INGEST_FLOOD_OVERALL_PER_SECOND=100000000 DTA_INGEST_FLOOD_PER_SOURCE_PER_SECOND=100000000 \
  java -Xmx512m -jar $R/ingest-service/target/quarkus-app/quarkus-run.jar > $W/ingest.log 2>&1 & INGEST=$!
for i in $(seq 1 120); do curl -sf http://127.0.0.1:$IP/q/health/ready >/dev/null && break; sleep 1; done
PEERS=""; PORTS=()
for o in $(seq 0 $((SHARDS - 1))); do p=$(free_port); PORTS+=($p); PEERS="$PEERS${PEERS:+,}127.0.0.1:$p"; done
STORES=()
for o in $(seq 0 $((SHARDS - 1))); do
  QUARKUS_HTTP_PORT=${PORTS[$o]} DTA_STORE_DATA_DIR=$W/store-$o DTA_STORE_CLUSTER_ENABLED=true \
    DTA_STORE_CLUSTER_SHARDS=$SHARDS DTA_STORE_CLUSTER_REPLICAS=1 DTA_STORE_CLUSTER_ORDINAL=$o DTA_STORE_CLUSTER_PEERS=$PEERS \
    DTA_STORE_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KP DTA_STORE_KAFKA_PARTITIONS=$PARTITIONS DTA_STORE_DISK_ALERT_ENABLED=false \
    java -Xmx1g -jar $R/store-service/target/quarkus-app/quarkus-run.jar > $W/store-$o.log 2>&1 & STORES+=($!)
done
for p in "${PORTS[@]}"; do
  for i in $(seq 1 120); do curl -sf http://127.0.0.1:$p/q/health/ready >/dev/null && break; sleep 1; done
done
stored() { # samples the shards made durable from Kafka, summed
  local sum=0
  for p in "${PORTS[@]}"; do
    v=$(curl -s http://127.0.0.1:$p/q/metrics | awk '/^dta_store_kafka_samples_appended_total/ {print $2}')
    sum=$(python3 -c "print(int($sum + float(${v:-0})))")
  done
  echo $sum
}
ALL=($INFRA $INGEST "${STORES[@]}")
declare -A T0; for pid in "${ALL[@]}"; do T0[$pid]=$(cpu_ticks $pid); done
S0=$(stored); START=$(date +%s.%N)
java -cp "$CP" dta.observatory.ingest.load.LoadTool --target 127.0.0.1:$IP "$@" | tee $W/load.log
# the shards drain what Kafka holds; the clock stops when they have it all
LAST=-1
while true; do S=$(stored); [ "$S" = "$LAST" ] && break; LAST=$S; sleep 2; done
END=$(date +%s.%N)
ELAPSED=$(python3 -c "print($END - $START)")
echo "shards=$SHARDS partitions=$PARTITIONS: $((LAST - S0)) samples durable in the shards in $(printf %.1f $ELAPSED) s (load + drain)"
TOTAL=0
for pid in "${ALL[@]}"; do
  d=$(( $(cpu_ticks $pid) - ${T0[$pid]} )); TOTAL=$((TOTAL + d))
  echo "  cpu $(printf %6.1f $(python3 -c "print($d / $TICKS)")) s  $(tr '\0' ' ' < /proc/$pid/cmdline | grep -o '[a-z-]*-service\|DevInfra' | head -1)"
done
python3 -c "
rate = ($LAST - $S0) / $ELAPSED
cores = $TOTAL / $TICKS / $ELAPSED
print(f'durable rate {rate:,.0f} samples/s; all processes {cores:.2f} cores; {cores / (rate / 100000):.2f} cores per 100k samples/s')"
KAFKA_BYTES=$(du -cb $W/infra/kafka/dta.samples-*/*.log | tail -1 | cut -f1) # log segments only: indexes are preallocated
echo "topic on disk: $KAFKA_BYTES bytes = $(python3 -c "print(round($KAFKA_BYTES / max(1, $LAST - $S0), 1))") bytes/sample (lz4 batches, one copy)"
kill "${STORES[@]}" $INGEST; wait "${STORES[@]}" $INGEST 2>/dev/null; kill $INFRA; wait $INFRA 2>/dev/null
echo "logs: $W"
