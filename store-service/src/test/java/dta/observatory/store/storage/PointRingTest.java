package dta.observatory.store.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PointRingTest {

    @Test
    void keepsOnlyTheNewestPointsOnceFull() {
        PointRing ring = new PointRing(3);
        for (int t = 1; t <= 5; t++) {
            ring.add(t, t * 10);
        }
        assertThat(ring.size()).isEqualTo(3);
        assertThat(ring.last(10)).containsExactly(new Point(3, 30), new Point(4, 40), new Point(5, 50));
        assertThat(ring.last(2)).containsExactly(new Point(4, 40), new Point(5, 50));
        assertThat(ring.newest()).isEqualTo(new Point(5, 50));
    }

    @Test
    void insertsALatePointAtItsPlace() {
        PointRing ring = new PointRing(4);
        ring.add(10, 1);
        ring.add(30, 3);
        ring.add(20, 2);
        assertThat(ring.last(4)).extracting(Point::timestampMs).containsExactly(10L, 20L, 30L);
    }

    @Test
    void dropsAPointOlderThanEverythingInAFullRing() {
        PointRing ring = new PointRing(2);
        ring.add(10, 1);
        ring.add(20, 2);
        assertThat(ring.add(5, 0)).isFalse();
        assertThat(ring.last(2)).extracting(Point::timestampMs).containsExactly(10L, 20L);
    }

    @Test
    void keepsEqualTimestampsAsSeparateEventsInArrivalOrder() {
        PointRing ring = new PointRing(5);
        ring.add(7, 1);
        ring.add(7, 0);
        ring.add(7, 1);
        assertThat(ring.last(5)).extracting(Point::value).containsExactly(1.0, 0.0, 1.0);
    }

    @Test
    void answersRangesAcrossTheWrapPoint() {
        PointRing ring = new PointRing(4);
        for (int t = 1; t <= 6; t++) {
            ring.add(t * 10L, t);
        }
        assertThat(ring.between(35, 55)).extracting(Point::timestampMs).containsExactly(40L, 50L);
        assertThat(ring.between(0, 1000)).hasSize(4);
        assertThat(ring.between(61, 70)).isEmpty();
    }

    @Test
    void refusesANonPositiveCapacity() {
        assertThatThrownBy(() -> new PointRing(0)).hasMessage("capacity must be positive, got 0");
    }
}
