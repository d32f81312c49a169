package dta.observatory.watcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AggregateAndComparatorTest {

    private static final double[] WINDOW = {4, 1, 3, 2};

    @Test
    void eachAggregateReducesTheWindow() {
        assertThat(Aggregate.AVG.apply(WINDOW)).isEqualTo(2.5);
        assertThat(Aggregate.MIN.apply(WINDOW)).isEqualTo(1);
        assertThat(Aggregate.MAX.apply(WINDOW)).isEqualTo(4);
        assertThat(Aggregate.SUM.apply(WINDOW)).isEqualTo(10);
        assertThat(Aggregate.COUNT.apply(WINDOW)).isEqualTo(4);
        assertThat(Aggregate.LAST.apply(WINDOW)).isEqualTo(2);
        assertThat(Aggregate.parse("Max")).isEqualTo(Aggregate.MAX);
        assertThatThrownBy(() -> Aggregate.parse("p42")).hasMessageStartingWith("unknown aggregate 'p42'");
    }

    @Test
    void eachComparatorTestsAgainstTheThreshold() {
        assertThat(Comparator.LT.holds(1, 2)).isTrue();
        assertThat(Comparator.LT.holds(2, 2)).isFalse();
        assertThat(Comparator.LE.holds(2, 2)).isTrue();
        assertThat(Comparator.GT.holds(3, 2)).isTrue();
        assertThat(Comparator.GT.holds(2, 2)).isFalse();
        assertThat(Comparator.GE.holds(2, 2)).isTrue();
        assertThat(Comparator.EQ.holds(2, 2)).isTrue();
        assertThat(Comparator.NE.holds(2, 2)).isFalse();
        assertThat(Comparator.parse("<=")).isEqualTo(Comparator.LE);
        assertThat(Comparator.parse("gt")).isEqualTo(Comparator.GT);
        assertThatThrownBy(() -> Comparator.parse("~")).hasMessageStartingWith("unknown comparator '~'");
    }
}
