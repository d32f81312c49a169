package dta.observatory.alert.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SilencesTest {

    private static final Map<String, String> PAY = Map.of("rule", "pay-ok", "severity", "warning");

    @Test
    void aSilenceMutesMatchingAlertsBetweenStartAndEndAndCanBeExpired() {
        Silences silences = new Silences(10, List.of());
        silences.put(new Silence("s1", List.of("rule=pay-ok"), 1_000, 5_000, "ops", "deploy"), 0);
        assertThat(silences.mutes(PAY, 999)).isFalse();
        assertThat(silences.mutes(PAY, 1_000)).isTrue();
        assertThat(silences.mutes(Map.of("rule", "disk"), 2_000)).isFalse();
        assertThat(silences.expire("s1", 2_000)).hasValueSatisfying(s -> assertThat(s.state(2_000)).isEqualTo("expired"));
        assertThat(silences.mutes(PAY, 2_001)).isFalse();
        assertThat(silences.expire("nope", 0)).isEmpty();
    }

    @Test
    void badSilencesAreRefusedWithExactMessages() {
        assertThatThrownBy(() -> new Silence("s", List.of(), 0, 1, "a", "")).hasMessage(
                "a silence needs at least one matcher, e.g. rule=pay-ok");
        assertThatThrownBy(() -> new Silence("s", List.of("rule=x"), 5, 5, "a", "")).hasMessage(
                "a silence must end after it starts (startsAtMs 5, endsAtMs 5)");
        assertThatThrownBy(() -> new Silence("s", List.of("rule"), 0, 5, "a", ""))
                .hasMessageStartingWith("matcher must look like");
    }

    @Test
    void whenFullExpiredSilencesGoFirstAndActiveOnesAreNeverDropped() {
        Silences silences = new Silences(2, List.of());
        silences.put(new Silence("old", List.of("a=b"), 0, 10, "x", ""), 0);
        silences.put(new Silence("live", List.of("a=b"), 0, 1_000, "x", ""), 0);
        silences.put(new Silence("new", List.of("a=b"), 0, 1_000, "x", ""), 100);
        assertThat(silences.list()).extracting(Silence::id).containsExactly("live", "new");
        assertThatThrownBy(() -> silences.put(new Silence("more", List.of("a=b"), 0, 1_000, "x", ""), 100))
                .hasMessage("too many silences (2): expire some first");
    }

    @Test
    void aRecurringMaintenanceWindowMutesOnItsDaysAcrossMidnight() {
        MaintenanceWindow w = MaintenanceWindow.parse("patch;rule=pay-ok;SUN;23:00;3h;UTC");
        long sunday2330 = Instant.parse("2026-11-29T23:30:00Z").toEpochMilli();
        long monday0159 = Instant.parse("2026-11-30T01:59:00Z").toEpochMilli();
        long monday0200 = Instant.parse("2026-11-30T02:00:00Z").toEpochMilli();
        long saturday2330 = Instant.parse("2026-11-28T23:30:00Z").toEpochMilli();
        assertThat(w.mutes(PAY, sunday2330)).isTrue();
        assertThat(w.mutes(PAY, monday0159)).as("crosses midnight").isTrue();
        assertThat(w.mutes(PAY, monday0200)).isFalse();
        assertThat(w.mutes(PAY, saturday2330)).isFalse();
        assertThat(w.mutes(Map.of("rule", "disk"), sunday2330)).isFalse();
        assertThat(new Silences(1, List.of(w)).mutes(PAY, sunday2330)).isTrue();
    }

    @Test
    void windowsInAZoneAndEveryDay() {
        MaintenanceWindow w = MaintenanceWindow.parse("nightly;service=db;*;02:00;30m;Europe/Paris");
        assertThat(w.activeAt(Instant.parse("2026-11-25T01:10:00Z").toEpochMilli())).as("02:10 in Paris").isTrue();
        assertThat(w.activeAt(Instant.parse("2026-11-25T02:10:00Z").toEpochMilli())).isFalse();
        assertThatThrownBy(() -> MaintenanceWindow.parse("x;a=b;FUNDAY;02:00;1h"))
                .hasMessage("maintenance window 'x;a=b;FUNDAY;02:00;1h': unknown day 'FUNDAY' (MON..SUN)");
        assertThatThrownBy(() -> MaintenanceWindow.parse("x;a=b"))
                .hasMessageStartingWith("maintenance window must be name;matchers;days;HH:MM;duration[;zone]");
    }
}
