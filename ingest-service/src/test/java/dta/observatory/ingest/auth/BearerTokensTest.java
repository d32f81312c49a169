package dta.observatory.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BearerTokensTest {

    @Test
    void mapsEachTokenToItsSource() {
        BearerTokens tokens = BearerTokens.parse("billing:tok-1, permits : tok-2");
        assertThat(tokens.enabled()).isTrue();
        assertThat(tokens.sourceFor("Bearer tok-1")).isEqualTo("billing");
        assertThat(tokens.sourceFor("bearer tok-2")).isEqualTo("permits");
        assertThat(tokens.sourceFor("Bearer tok-3")).isNull();
        assertThat(tokens.sourceFor("tok-1")).isNull();
        assertThat(tokens.sourceFor(null)).isNull();
    }

    @Test
    void noTokensMeansAuthOffAndAnonymous() {
        assertThat(BearerTokens.parse("").enabled()).isFalse();
        assertThat(BearerTokens.parse(null).sourceFor(null)).isEqualTo("");
    }

    @Test
    void neverPrintsATokenEvenInErrors() {
        assertThat(BearerTokens.parse("billing:tok-secret").toString()).isEqualTo("BearerTokens[billing]")
                .doesNotContain("secret");
        assertThatThrownBy(() -> BearerTokens.parse("a:x,secretonly"))
                .hasMessage("dta.ingest.tokens entry 2 must be written source:token with both parts non-empty");
        assertThatThrownBy(() -> BearerTokens.parse("a:same-secret,b:same-secret"))
                .hasMessage("dta.ingest.tokens entries for sources 'a' and 'b' have the same token");
    }
}
