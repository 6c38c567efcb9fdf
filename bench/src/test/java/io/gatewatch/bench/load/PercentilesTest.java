package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void shouldReportMillisecondsFromAHistogramOfMicros() {
        Histogram micros = Percentiles.newHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            micros.recordValue(ms * 1_000L);
        }

        Percentiles percentiles = Percentiles.of(micros);

        assertThat(percentiles.count()).isEqualTo(100);
        assertThat(percentiles.p50Ms()).isCloseTo(50, offset(0.1));
        assertThat(percentiles.p95Ms()).isCloseTo(95, offset(0.1));
        assertThat(percentiles.p99Ms()).isCloseTo(99, offset(0.1));
        assertThat(percentiles.maxMs()).isCloseTo(100, offset(0.1));
    }

    @Test
    void shouldBeZeroNotNaNWhenNothingWasMeasured() {
        assertThat(Percentiles.of(Percentiles.newHistogram())).isEqualTo(Percentiles.NONE);
        assertThat(Percentiles.NONE.meanMs()).isZero();
    }
}
