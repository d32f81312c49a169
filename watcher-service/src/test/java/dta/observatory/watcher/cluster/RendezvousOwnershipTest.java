package dta.observatory.watcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendezvousOwnershipTest {

    private static final List<String> THREE = List.of("watcher-0", "watcher-1", "watcher-2");

    private static Map<String, String> owners(List<String> members, int rules) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < rules; i++) {
            String rule = "rule-" + i;
            out.put(rule, RendezvousOwnership.owner(rule, members).orElseThrow());
        }
        return out;
    }

    @Test
    void noMembersMeansNoOwner() {
        assertThat(RendezvousOwnership.owner("r", List.of())).isEmpty();
    }

    @Test
    void theOwnerDoesNotDependOnTheOrderInWhichMembersAreListed() {
        assertThat(owners(THREE, 500)).isEqualTo(owners(List.of("watcher-2", "watcher-0", "watcher-1"), 500));
    }

    @Test
    void removingAMemberMovesOnlyItsOwnRules() {
        Map<String, String> before = owners(THREE, 2000);
        Map<String, String> after = owners(List.of("watcher-0", "watcher-2"), 2000);
        before.forEach((rule, owner) -> {
            if (!owner.equals("watcher-1")) {
                assertThat(after.get(rule)).as(rule).isEqualTo(owner);
            } else {
                assertThat(after.get(rule)).as(rule).isIn("watcher-0", "watcher-2");
            }
        });
        assertThat(before.values()).contains("watcher-1");
    }

    @Test
    void addingAMemberTakesRulesOnlyForItself() {
        Map<String, String> before = owners(THREE, 2000);
        Map<String, String> after = owners(List.of("watcher-0", "watcher-1", "watcher-2", "watcher-3"), 2000);
        before.forEach((rule, owner) -> assertThat(after.get(rule)).as(rule).isIn(owner, "watcher-3"));
    }

    @Test
    void rulesSpreadEvenlyOverTheMembers() {
        Map<String, Integer> counts = new HashMap<>();
        owners(THREE, 6000).values().forEach(m -> counts.merge(m, 1, Integer::sum));
        assertThat(counts).hasSize(3);
        // 2,000 each on average; a fair hash stays well within 10 % (the binomial sd is ~37).
        counts.values().forEach(n -> assertThat(n).isBetween(1800, 2200));
    }

    @Test
    void theWeightSeparatesMemberAndRuleNames() {
        assertThat(RendezvousOwnership.weight("ab", "c")).isNotEqualTo(RendezvousOwnership.weight("a", "bc"));
    }
}
