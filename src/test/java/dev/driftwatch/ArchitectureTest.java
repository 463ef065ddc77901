package dev.driftwatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules of DESIGN.md, checked on the compiled classes. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.driftwatch");

    @Test
    void onlyConsumer_importsKclOrTheAdapter() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.driftwatch.consumer..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("software.amazon.kinesis..", "com.amazonaws.services.dynamodbv2.streamsadapter..")
                .check(CLASSES);
    }

    @Test
    void updater_dependsOnNothingElseOfTheProject() {
        noClasses()
                .that()
                .resideInAPackage("dev.driftwatch.updater..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.driftwatch.alert..",
                        "dev.driftwatch.audit..",
                        "dev.driftwatch.aws..",
                        "dev.driftwatch.cli..",
                        "dev.driftwatch.config..",
                        "dev.driftwatch.consumer..",
                        "dev.driftwatch.demo..",
                        "dev.driftwatch.finding..",
                        "dev.driftwatch.local..",
                        "dev.driftwatch.pipeline..",
                        "dev.driftwatch.record..",
                        "dev.driftwatch.rule..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void pipelineAndBelow_neverReachBackToConsumerOrCli() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.driftwatch.pipeline..",
                        "dev.driftwatch.rule..",
                        "dev.driftwatch.record..",
                        "dev.driftwatch.finding..",
                        "dev.driftwatch.audit..",
                        "dev.driftwatch.alert..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.driftwatch.consumer..", "dev.driftwatch.cli..", "dev.driftwatch.demo..")
                .check(CLASSES);
    }

    @Test
    void configAndFinding_areLeaves() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.driftwatch.config..", "dev.driftwatch.finding..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.driftwatch.record..",
                        "dev.driftwatch.rule..",
                        "dev.driftwatch.pipeline..",
                        "dev.driftwatch.audit..",
                        "dev.driftwatch.consumer..",
                        "dev.driftwatch.cli..")
                .check(CLASSES);
    }

    @Test
    void onlyRuleCel_importsCel() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.driftwatch.rule.cel..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.cel..")
                .check(CLASSES);
    }
}
