package dta.observatory.ingest.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PiiGuardTest {

    @Test
    void removesDeniedNamesAndPersonalValuesOnly() {
        PiiGuard.Cleaned c = PiiGuard.DEFAULTS.clean(Map.of("service", "permits", "Email", "x",
                "user", "jane.doe@example.org", "ref", "ssn 123-45-6789", "order", "1234-56-7890"));
        assertThat(c.labels()).containsOnlyKeys("service", "order");
        assertThat(c.removed()).isEqualTo(3);
    }

    @Test
    void cleanLabelsComeBackUntouched() {
        Map<String, String> labels = Map.of("service", "permits", "region", "nsw");
        PiiGuard.Cleaned c = PiiGuard.DEFAULTS.clean(labels);
        assertThat(c.labels()).isSameAs(labels);
        assertThat(c.removed()).isZero();
    }

    @Test
    void configuredPatternsWithoutAKnownCharacterAreStillSearched() {
        PiiGuard guard = new PiiGuard(Set.of("Token"), List.of(PiiGuard.EMAIL, Pattern.compile("\\bTFN\\d{9}\\b")));
        PiiGuard.Cleaned c = guard.clean(Map.of("note", "TFN123456789", "TOKEN", "abc", "mail", "a@b.io", "ok", "x"));
        assertThat(c.labels()).containsOnlyKeys("ok");
        assertThat(c.removed()).isEqualTo(3);
    }
}
