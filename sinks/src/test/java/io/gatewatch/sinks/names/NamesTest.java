package io.gatewatch.sinks.names;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
    private final Names names = new Names();

    @Test
    void shouldShowAVillageByNameBesideItsCode() {
        names.nameArea("330127101201", "东村");

        assertThat(names.area("330127101201")).isEqualTo("东村 (330127101201)");
        assertThat(names.areaName("330127101201")).isEqualTo("东村");
    }

    @Test
    void shouldShowACodeWithoutANameAsTheCodeAlone() {
        assertThat(names.area("330127101202")).isEqualTo("330127101202");
        assertThat(names.areaName("330127101202")).isNull();
        assertThat(names.checkpoint("CP-9")).isEqualTo("CP-9");
        assertThat(names.checkpointName(null)).isNull();
    }

    @Test
    void shouldForgetAnAreaWhoseNameIsRemoved() {
        names.nameArea("330127101201", "东村");

        names.nameArea("330127101201", null);

        assertThat(names.area("330127101201")).isEqualTo("330127101201");
    }

    @Test
    void shouldKeepACheckpointsNameWhenAnotherDeviceThereGivesNone() {
        names.nameCheckpoint("CP-1", "东村卡口");

        names.nameCheckpoint("CP-1", null);
        names.nameCheckpoint("CP-1", " ");

        assertThat(names.checkpoint("CP-1")).isEqualTo("东村卡口 (CP-1)");
    }

    @Test
    void shouldRenameAKnownPlaceButRefuseNewOnesOnceFull() {
        Names small = new Names(2);
        small.nameArea("11", "北京市");
        small.nameArea("12", "天津市");

        assertThat(small.nameArea("13", "河北省")).isFalse();
        assertThat(small.nameArea("12", "天津")).isTrue();

        assertThat(small.area("13")).isEqualTo("13");
        assertThat(small.area("12")).isEqualTo("天津 (12)");
        assertThat(small.refused()).isEqualTo(1);
    }

    @Test
    void shouldKnowNoNamesAtAllWhenNone() {
        Names none = Names.none();

        assertThat(none.nameArea("11", "北京市")).isFalse();
        assertThat(none.area("11")).isEqualTo("11");
    }
}
