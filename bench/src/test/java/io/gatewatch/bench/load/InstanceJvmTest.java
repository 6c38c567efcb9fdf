package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child JVMs of --instance-jvms: one per slot for the whole run, none left after it. */
class InstanceJvmTest {
    @TempDir
    Path logs;

    @AfterEach
    void endTheRun() {
        InstanceJvm.closeAll();
    }

    @Test
    void shouldKeepOneJvmPerSlotFromPhaseToPhase() {
        InstanceJvm first = InstanceJvm.forSlot("screening-2", logs);

        assertThat(InstanceJvm.forSlot("screening-2", logs).pid()).as("the same, warm JVM for the next phase").isEqualTo(first.pid());
        assertThat(InstanceJvm.forSlot("counts-2", logs).pid()).isNotEqualTo(first.pid());
        assertThat(InstanceJvm.livePids()).hasSize(2);
    }

    @Test
    void shouldReportWhenNoInstanceRunsThere() throws Exception {
        InstanceJvm jvm = InstanceJvm.forSlot("counts-2", logs);
        jvm.requestStop();
        jvm.awaitStopped();

        assertThat(jvm.report()).as("an answer, not a wait: the harness reads counters after closing an application")
                .isEqualTo(InstanceJvm.Report.NONE);
    }

    @Test
    void shouldLeaveNoJvmBehindWhenTheRunEnds() {
        long pid = InstanceJvm.forSlot("screening-2", logs).pid();

        InstanceJvm.closeAll();

        assertThat(InstanceJvm.livePids()).isEmpty();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("exited at the end of its input").isEmpty();
    }
}
