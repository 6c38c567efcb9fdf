package io.gatewatch.streams.screening;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** Topologies are pure: wiring (KafkaStreams, meter registries, environment, exit) lives in the application. */
class ScreeningArchitectureTest {
    private static final JavaClasses STREAMS_CODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gatewatch.streams");

    @Test
    void shouldNeverCreateKafkaStreams() {
        noClasses().should().callConstructorWhere(target(owner(assignableTo(KafkaStreams.class))))
                .because("a topology returns a Topology; the application starts it")
                .check(STREAMS_CODE);
    }

    @Test
    void shouldNeverCreateMeterRegistries() {
        noClasses().should().callConstructorWhere(target(owner(assignableTo(MeterRegistry.class))))
                .because("the registry is passed in so the application exposes one set of metrics")
                .check(STREAMS_CODE);
    }

    @Test
    void shouldNeverReadTheEnvironmentOrExit() {
        noClasses().should().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "exit", int.class)
                .check(STREAMS_CODE);
    }
}
