package io.gatewatch.sinks.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

    @Test
    void shouldEscapeMarkupSoDataCannotChangeTheDocument() {
        assertThat(MarkdownRenderer.inline("area_count <b>*x*</b> [a](b) #1"))
                .isEqualTo("area\\_count \\<b\\>\\*x\\*\\</b\\> \\[a\\](b) \\#1");
        assertThat(MarkdownRenderer.inline("a\nb")).isEqualTo("a b");
    }

    @Test
    void shouldEscapeHtmlSpecialCharacters() {
        assertThat(Html.escape("<a href=\"x\">&'</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
        assertThat(Html.escape("bell\u0007")).isEqualTo("bell\uFFFD");
    }
}
