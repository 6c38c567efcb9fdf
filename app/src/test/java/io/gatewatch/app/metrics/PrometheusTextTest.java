package io.gatewatch.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The test parser must itself reject what Prometheus rejects, or the scrape test proves nothing. */
class PrometheusTextTest {
    @Test
    void shouldParseTypedSamplesWithLabels() {
        var exposition = PrometheusText.parse("""
                # HELP x_total things
                # TYPE x_total counter
                x_total{a="1",b="q\\"uote"} 2.0
                """);

        assertThat(exposition.named("x_total")).singleElement()
                .satisfies(s -> assertThat(s.labels()).containsEntry("a", "1").containsEntry("b", "q\\\"uote"));
    }

    @Test
    void shouldRejectASampleWithoutType() {
        assertThatThrownBy(() -> PrometheusText.parse("y 1\n")).hasMessageContaining("TYPE");
    }

    @Test
    void shouldRejectMalformedLabels() {
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx{a=1} 1\n")).hasMessageContaining("label");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx{a=\"1\" b=\"2\"} 1\n")).hasMessageContaining("','");
    }

    @Test
    void shouldRejectABadValue() {
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx one\n")).hasMessageContaining("bad number");
    }
}
