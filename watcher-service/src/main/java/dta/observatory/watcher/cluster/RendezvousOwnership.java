package dta.observatory.watcher.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;

/**
 * Which live member evaluates a rule: rendezvous (highest random weight) hashing. Every member scores
 * {@code hash(member, rule)} and the highest score owns the rule. Every replica that sees the same member set computes
 * the same owner without talking to the others, and when a member leaves only the rules it owned move (each to the
 * member with the next highest score); the rest stay where they are, keeping their evaluation undisturbed.
 */
public final class RendezvousOwnership {

    private RendezvousOwnership() {
    }

    /** The owner of {@code ruleId} among {@code members}; empty when there are none. */
    public static Optional<String> owner(String ruleId, Collection<String> members) {
        String best = null;
        long bestWeight = 0;
        for (String m : members) {
            long w = weight(m, ruleId);
            // Ties (practically never) go to the smaller id, so every replica picks the same one.
            if (best == null || Long.compareUnsigned(w, bestWeight) > 0
                    || (w == bestWeight && m.compareTo(best) < 0)) {
                best = m;
                bestWeight = w;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A well-mixed 64-bit score of the pair: FNV-1a over both names, then the murmur3 finalizer. */
    static long weight(String member, String ruleId) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, member.getBytes(StandardCharsets.UTF_8));
        h = (h ^ 0xff) * 0x100000001b3L; // a separator no UTF-8 text contains, so ("ab","c") != ("a","bc")
        h = fnv(h, ruleId.getBytes(StandardCharsets.UTF_8));
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
