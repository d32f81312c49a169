package dta.observatory.store.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.store.engine.codec.ByteSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {

    @TempDir
    Path dir;

    private static ByteSink record(int i) {
        ByteSink rec = new ByteSink();
        for (int h = 0; h < Wal.RECORD_HEADER_BYTES; h++) {
            rec.put(0);
        }
        rec.putUvarint(i);
        return rec;
    }

    @Test
    void recordsReadBackAndATornTailIsReported() throws Exception {
        try (Wal wal = Wal.open(dir, 1 << 20)) {
            for (int i = 0; i < 10; i++) {
                wal.sync(wal.write(record(i)));
            }
        }
        Path seg = dir.resolve(Wal.segmentName(1));
        List<Long> seen = new ArrayList<>();
        assertThat(WalReader.read(seg, src -> seen.add(src.getUvarint())).clean()).isTrue();
        assertThat(seen).hasSize(10).startsWith(0L, 1L).endsWith(9L);

        byte[] bytes = Files.readAllBytes(seg);
        Files.write(seg, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        seen.clear();
        WalReader.Result r = WalReader.read(seg, src -> seen.add(src.getUvarint()));
        assertThat(r.clean()).isFalse();
        assertThat(r.records()).isEqualTo(9);
        assertThat(r.validBytes()).isEqualTo(bytes.length - (Wal.RECORD_HEADER_BYTES + 1));
    }

    @Test
    void concurrentSyncsShareFsyncs() throws Exception {
        try (Wal wal = Wal.open(dir, 64 << 20)) {
            int threads = 8;
            int perThread = 200;
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger done = new AtomicInteger();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            wal.sync(wal.write(record(i)));
                            done.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                th.start();
                ts.add(th);
            }
            start.countDown();
            for (Thread th : ts) {
                th.join();
            }
            assertThat(done.get()).isEqualTo(threads * perThread);
            assertThat(wal.syncCount()).isLessThan(threads * perThread);
        }
    }
}
