package io.gatewatch.sinks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.Topics;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TableWritersTest {

    @Test
    void every_row_type_is_stored_by_a_registered_table_writer() {
        Set<Class<?>> stored = TableWriters.ALL.stream().map(TableWriter::rowType).collect(Collectors.toSet());

        assertThat(stored).containsExactlyInAnyOrder(SinkRow.class.getPermittedSubclasses());
    }

    @Test
    void every_table_but_the_offsets_has_exactly_one_writer() {
        List<SinkTable> written = TableWriters.ALL.stream().map(TableWriter::table).toList();

        assertThat(written).doesNotHaveDuplicates();
        assertThat(EnumSet.copyOf(written)).isEqualTo(EnumSet.complementOf(EnumSet.of(SinkTable.SINK_OFFSETS)));
    }

    @Test
    void every_alert_topic_is_mapped_by_exactly_one_writer() {
        List<String> mapped = TableWriters.ALL.stream().flatMap(writer -> writer.topics().stream()).toList();

        assertThat(mapped).doesNotHaveDuplicates().containsAll(Topics.ALERT_TOPICS);
    }

    @Test
    void a_table_upsert_sets_every_column_but_the_key_from_the_one_column_list() {
        assertThat(AreaCountWriter.UPSERT)
                .startsWith("INSERT INTO area_count (area_level, area_code, window_size, window_start, window_end,")
                .contains("ON CONFLICT (area_level, area_code, window_size, window_start) DO UPDATE SET window_end = EXCLUDED.window_end,")
                .endsWith("kafka_offset = EXCLUDED.kafka_offset")
                .doesNotContain("area_code = EXCLUDED");
        assertThat(Arrays.stream(AreaCountWriter.UPSERT.split("VALUES")[1].split(",")).filter(p -> p.contains("?")))
                .hasSize(AreaCountWriter.COLUMNS.names().size());
    }
}
