package io.gatewatch.streams.counts;

import io.gatewatch.streams.common.BatchJournal;
import io.gatewatch.streams.common.WriteBehindStore;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The counts topology stays pure: it builds a Topology and never runs, wires or exits anything. */
class CountsPurityTest {
    private static final JavaClasses COUNTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gatewatch.streams.counts");

    @Test
    void shouldNeverCreateKafkaStreamsOrClients() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("org.apache.kafka.streams.KafkaStreams")
                .orShould().dependOnClassesThat().resideInAPackage("org.apache.kafka.clients.producer..")
                .check(COUNTS);
    }

    @Test
    void shouldNeverCreateAMeterRegistryReadTheEnvironmentOrExit() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.micrometer.core.instrument.simple..")
                .orShould().dependOnClassesThat().resideInAPackage("io.micrometer.prometheus..")
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "exit", int.class)
                .check(COUNTS);
    }

    /**
     * Kafka Streams' internal store API (the pre-commit flush hook) is reached only by PreCommitLayer and its two layers,
     * so a Kafka upgrade that changes it breaks those classes, which CountsTopologyIT and ScreeningDeduplicationTest exercise.
     */
    @Test
    void shouldReachKafkaStreamsInternalsOnlyThroughThePreCommitStoreLayers() {
        JavaClasses streams = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.gatewatch");
        classes().that().resideOutsideOfPackage("org.apache.kafka..")
                .and().doNotHaveFullyQualifiedName(WriteBehindStore.class.getName())
                .and().doNotHaveFullyQualifiedName(BatchJournal.class.getName())
                .and().doNotHaveFullyQualifiedName("io.gatewatch.streams.common.PreCommitLayer")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("org.apache.kafka.streams.state.internals..")
                .check(streams);
    }
}
