package dta.observatory.store.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Picks the newest {@code n} points across several series, keeping each point with its series. Any engine answers
 * "last N values of a metric" with this once it has each series' own last {@code n} points.
 */
public final class LastN {

    private LastN() {
    }

    /**
     * @param candidates each series with (at least) its own last {@code n} points, ascending
     * @return the series that own at least one of the newest {@code n} points overall, each with those points
     */
    public static List<SeriesPoints> across(List<SeriesPoints> candidates, int n) {
        if (candidates.size() == 1) {
            List<Point> points = candidates.get(0).points();
            List<Point> tail = points.subList(Math.max(0, points.size() - n), points.size());
            return List.of(new SeriesPoints(candidates.get(0).series(), tail));
        }
        // Min-heap of the n newest timestamps seen so far: its head is the oldest point still in the top n.
        PriorityQueue<Long> newest = new PriorityQueue<>();
        for (SeriesPoints s : candidates) {
            for (Point p : s.points()) {
                if (newest.size() < n) {
                    newest.add(p.timestampMs());
                } else if (p.timestampMs() > newest.peek()) {
                    newest.poll();
                    newest.add(p.timestampMs());
                }
            }
        }
        if (newest.isEmpty()) {
            return List.of();
        }
        long cutoff = newest.peek();
        // Points exactly at the cutoff may be more than the heap kept; admit only as many as it counted.
        int atCutoffAllowed = (int) newest.stream().filter(t -> t == cutoff).count();
        List<SeriesPoints> out = new ArrayList<>();
        for (SeriesPoints s : candidates) {
            List<Point> kept = new ArrayList<>();
            for (Point p : s.points()) {
                if (p.timestampMs() > cutoff) {
                    kept.add(p);
                } else if (p.timestampMs() == cutoff && atCutoffAllowed > 0) {
                    kept.add(p);
                    atCutoffAllowed--;
                }
            }
            if (!kept.isEmpty()) {
                out.add(new SeriesPoints(s.series(), kept));
            }
        }
        return out;
    }
}
