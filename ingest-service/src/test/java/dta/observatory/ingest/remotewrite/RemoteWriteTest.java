package dta.observatory.ingest.remotewrite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dta.observatory.api.v1.Sample;
import dta.observatory.ingest.emit.RecordingStore;
import io.airlift.compress.snappy.SnappyCompressor;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Prometheus remote_write with its real client: a Debian {@code prometheus} on 127.0.0.1 scrapes this ingest's own
 * /q/metrics and remote-writes to POST /api/v1/write; the samples must reach the (recording) store.
 */
@QuarkusTest
class RemoteWriteTest {

    private static final String PROMETHEUS = "/usr/bin/prometheus";

    @Test
    void realPrometheusRemoteWritesScrapedSamplesIntoTheStore() throws Exception {
        assertThat(new File(PROMETHEUS)).as("prometheus is missing: apt-get install -y prometheus").exists();
        Path dir = Files.createTempDirectory("prom-rw");
        int port = RestAssured.port;
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: ingest-self
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                remote_write:
                  - url: http://127.0.0.1:%d/api/v1/write
                    queue_config:
                      batch_send_deadline: 1s
                """.formatted(port, port));
        int promPort = freePort();
        Process prometheus = new ProcessBuilder(PROMETHEUS, "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                    RecordingStore.APPENDED.stream().anyMatch(RemoteWriteTest::isUpOfIngest));
            Sample up = RecordingStore.APPENDED.stream().filter(RemoteWriteTest::isUpOfIngest).findFirst().orElseThrow();
            assertThat(up.getValue()).isEqualTo(1.0);
            assertThat(up.getLabelsMap()).containsEntry("instance", "127.0.0.1:" + port).doesNotContainKey("__name__");
            assertThat(up.getTimestampMs()).isPositive();
            assertThat(RecordingStore.APPENDED).anySatisfy(s -> assertThat(s.getMetric())
                    .isEqualTo("dta_ingest_samples_accepted_total"));
        } finally {
            prometheus.destroy(); // by its PID, SIGTERM
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    private static boolean isUpOfIngest(Sample s) {
        return s.getMetric().equals("up") && "ingest-self".equals(s.getLabelsMap().get("job"));
    }

    @Test
    void badBodiesAre400WithAReason() {
        given().body(new byte[] {1, 2, 3}).contentType("application/x-protobuf").header("Content-Encoding", "snappy")
                .when().post("/api/v1/write").then().statusCode(400).body(containsString("remote_write body"));
        byte[] notProto = snappy(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        given().body(notProto).contentType("application/x-protobuf").when().post("/api/v1/write").then()
                .statusCode(400).body(containsString("not a protobuf WriteRequest"));
    }

    @Test
    void staleMarkersAreSkippedAndInvalidSamplesAre400() {
        RecordingStore.APPENDED.clear();
        // WriteRequest{timeseries:[{labels:[__name__=ok_metric], samples:[{1.5, now}, {StaleNaN, now}]},
        //                          {labels:[__name__="bad name"], samples:[{1, now}]}]}
        long now = System.currentTimeMillis();
        byte[] body = snappy(writeRequest(series("ok_metric", point(1.5, now), point(Double.longBitsToDouble(
                WriteRequestDecoder.STALE_NAN_BITS), now)), series("bad name", point(1, now))));
        given().body(body).contentType("application/x-protobuf").when().post("/api/v1/write").then()
                .statusCode(400).body(containsString("1 sample(s) stored, 1 rejected"));
        assertThat(RecordingStore.APPENDED).singleElement().satisfies(s -> {
            assertThat(s.getMetric()).isEqualTo("ok_metric");
            assertThat(s.getValue()).isEqualTo(1.5);
            assertThat(s.getTimestampMs()).isEqualTo(now);
        });
        given().body(snappy(writeRequest(series("fine", point(2, now))))).contentType("application/x-protobuf")
                .when().post("/api/v1/write").then().statusCode(204);
    }

    // --- a tiny protobuf writer for the hand-made cases (the real client is Prometheus above) ---

    private static byte[] writeRequest(byte[]... series) {
        return concat(java.util.Arrays.stream(series).map(s -> field(1, s)).toArray(byte[][]::new));
    }

    private static byte[] series(String name, byte[]... points) {
        byte[] label = concat(field(1, "__name__".getBytes()), field(2, name.getBytes()));
        byte[][] parts = new byte[points.length + 1][];
        parts[0] = field(1, label);
        for (int i = 0; i < points.length; i++) {
            parts[i + 1] = field(2, points[i]);
        }
        return concat(parts);
    }

    private static byte[] point(double value, long ts) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(9).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x09).putDouble(value);
        return concat(b.array(), new byte[] {0x10}, varint(ts));
    }

    private static byte[] field(int number, byte[] bytes) {
        return concat(new byte[] {(byte) (number << 3 | 2)}, varint(bytes.length), bytes);
    }

    private static byte[] varint(long v) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] snappy(byte[] raw) {
        SnappyCompressor c = new SnappyCompressor();
        byte[] out = new byte[c.maxCompressedLength(raw.length)];
        int n = c.compress(raw, 0, raw.length, out, 0, out.length);
        return java.util.Arrays.copyOf(out, n);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
