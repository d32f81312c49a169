#!/bin/bash
# Benchmark (BENCHMARKS.md, "Ingest"): packaged store + ingest on 127.0.0.1 (flood guard raised unless FLOOD is set),
# VictoriaMetrics on 127.0.0.1, then LoadTool against both. Needs: mvn -pl e2e-tests -am verify (packages the
# services, compiles the test classes) and apt-get install -y victoria-metrics. Args go to LoadTool.
set -u
R=$(cd "$(dirname "$0")/../.." && pwd)
HDR=~/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar
CP="$R/ingest-service/target/test-classes:$R/ingest-service/target/classes:$R/ingest-service/target/quarkus-app/lib/main/*:$HDR"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
SP=$(free_port); IP=$(free_port); VP=$(free_port)
W=$(mktemp -d /tmp/bench-ingest.XXXX)
QUARKUS_HTTP_PORT=$SP DTA_STORE_DATA_DIR=$W/store java -Xmx1g -jar $R/store-service/target/quarkus-app/quarkus-run.jar > $W/store.log 2>&1 & STORE=$!
QUARKUS_HTTP_PORT=$IP QUARKUS_GRPC_CLIENTS_STORE_PORT=$SP QUARKUS_GRPC_CLIENTS_ALERT_PORT=1 \
  DTA_INGEST_FLOOD_OVERALL_PER_SECOND=${FLOOD:-100000000} DTA_INGEST_FLOOD_PER_SOURCE_PER_SECOND=${FLOOD:-100000000} \
  java -Xmx512m -jar $R/ingest-service/target/quarkus-app/quarkus-run.jar > $W/ingest.log 2>&1 & INGEST=$!
victoria-metrics -storageDataPath=$W/vm -httpListenAddr=127.0.0.1:$VP -retentionPeriod=1d > $W/vm.log 2>&1 & VM=$!
for i in $(seq 1 120); do curl -sf http://127.0.0.1:$IP/q/health/ready >/dev/null && curl -sf http://127.0.0.1:$VP/health >/dev/null && break; sleep 1; done
java -cp "$CP" dta.observatory.ingest.load.LoadTool --target 127.0.0.1:$IP --vm http://127.0.0.1:$VP "$@"
echo "ingest RSS: $(ps -o rss= -p $INGEST) KiB; heap:"; jcmd $INGEST GC.heap_info 2>/dev/null | head -3
grep -c "dta.dropped\|WARN" $W/ingest.log
kill $INGEST $STORE $VM; wait 2>/dev/null
