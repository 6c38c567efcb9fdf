package io.gatewatch.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class InfrastructureLogsTest {
    @TempDir
    Path dir;

    @Test
    void brokerWarningsGoToTheFileAndGateWatchWarningsStayOnTheConsole() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> console = new ListAppender<>();
        console.setContext(context);
        console.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        Path file = dir.resolve("infrastructure.log");
        try (InfrastructureLogs logs = InfrastructureLogs.redirectTo(file)) {
            LoggerFactory.getLogger("kafka.server.ReplicaManager").warn("broker detail");
            LoggerFactory.getLogger("io.gatewatch.app.stack.LocalStack").warn("gatewatch warning");
        } finally {
            root.detachAppender(console);
        }
        assertThat(Files.readString(file)).contains("broker detail").doesNotContain("gatewatch warning");
        assertThat(console.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("gatewatch warning").doesNotContain("broker detail");
    }

    @Test
    void closingPutsTheInfrastructureBackOnTheConsole() {
        InfrastructureLogs.redirectTo(dir.resolve("infrastructure.log")).close();

        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getLogger("org.apache.kafka").isAdditive()).isTrue();
        assertThat(context.getLogger("org.apache.kafka").getAppender("infrastructure-file")).isNull();
    }
}
