package dev.driftwatch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.driftwatch.alert.AlertDispatcher;
import dev.driftwatch.audit.DynamoDbAlertOutbox;
import dev.driftwatch.audit.DynamoDbAuditWriter;
import dev.driftwatch.config.Environment;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.reconcile.Reconciler;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.streamgap.DynamoDbItemStateStore;
import dev.driftwatch.streamgap.StreamGapCheck;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The dependency rules of docs/ARCHITECTURE.md, checked on the compiled main classes. Project imports are
 * checked by allow-list: each package names the packages it may import, and a package that is not in
 * the table fails {@link #packages_everyPackageOfTheProject_hasAnAllowList}.
 */
class ArchitectureTest {
    private static final String BASE = "dev.driftwatch";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    /** The table "What may import what" of docs/ARCHITECTURE.md (sub-packages listed on their own). */
    static final Map<String, Set<String>> MAY_IMPORT = new TreeMap<>(Map.ofEntries(
            Map.entry("validation", Set.of()),
            Map.entry("config", Set.of("validation")),
            Map.entry("finding", Set.of("validation")),
            Map.entry("record", Set.of("config", "validation")),
            Map.entry("rule", Set.of("config", "finding", "record", "validation")),
            Map.entry("rule.cel", Set.of("config", "finding", "record", "rule", "validation")),
            Map.entry("ruleset", Set.of("config", "finding", "rule", "rule.cel", "validation")),
            Map.entry("alert", Set.of("config", "finding", "validation")),
            Map.entry("audit", Set.of("alert", "config", "finding", "validation")),
            Map.entry("streamgap", Set.of("audit", "config", "finding", "record", "rule", "validation")),
            Map.entry(
                    "pipeline",
                    Set.of("alert", "audit", "config", "finding", "record", "rule", "streamgap", "validation")),
            Map.entry("aws", Set.of()),
            Map.entry("cost", Set.of("validation")),
            Map.entry("consumer", Set.of("audit", "aws", "config", "pipeline", "record", "validation")),
            Map.entry("ops", Set.of("alert", "config", "cost", "finding", "pipeline", "record", "validation")),
            Map.entry("reconcile", Set.of("audit", "config", "finding", "record", "streamgap", "validation")),
            Map.entry("local", Set.of("config", "validation")),
            Map.entry("web", Set.of("audit", "config", "finding", "validation")),
            Map.entry(
                    "app",
                    Set.of(
                            "alert",
                            "audit",
                            "aws",
                            "config",
                            "consumer",
                            "cost",
                            "finding",
                            "local",
                            "ops",
                            "pipeline",
                            "reconcile",
                            "record",
                            "rule",
                            "ruleset",
                            "streamgap",
                            "validation",
                            "web")),
            Map.entry("replay", Set.of("app", "audit", "config", "finding", "pipeline", "record", "validation")),
            Map.entry(
                    "demo",
                    Set.of(
                            "app",
                            "audit",
                            "aws",
                            "config",
                            "consumer",
                            "finding",
                            "pipeline",
                            "rule",
                            "ruleset",
                            "updater",
                            "validation")),
            Map.entry(
                    "bench",
                    Set.of(
                            "app",
                            "audit",
                            "aws",
                            "config",
                            "consumer",
                            "cost",
                            "demo",
                            "finding",
                            "pipeline",
                            "ruleset",
                            "validation")),
            Map.entry(
                    "cli",
                    Set.of(
                            "alert",
                            "app",
                            "audit",
                            "aws",
                            "bench",
                            "config",
                            "consumer",
                            "cost",
                            "demo",
                            "finding",
                            "local",
                            "ops",
                            "pipeline",
                            "reconcile",
                            "replay",
                            "ruleset",
                            "validation",
                            "web")),
            Map.entry("updater", Set.of("updater.internal")),
            Map.entry("updater.internal", Set.of("updater"))));

    @Test
    void packages_everyPackageOfTheProject_hasAnAllowList() {
        Set<String> packages = CLASSES.stream()
                .map(JavaClass::getPackageName)
                .filter(name -> name.startsWith(BASE + "."))
                .map(name -> name.substring(BASE.length() + 1))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(packages, MAY_IMPORT.keySet());
    }

    @TestFactory
    Stream<DynamicTest> imports_eachPackage_onlyItsAllowList() {
        return MAY_IMPORT.entrySet().stream()
                .map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
                    String self = BASE + "." + entry.getKey();
                    String[] allowed = Stream.concat(
                                    Stream.of(self), entry.getValue().stream().map(name -> BASE + "." + name))
                            .toArray(String[]::new);
                    classes()
                            .that()
                            .resideInAPackage(self)
                            .should()
                            .onlyDependOnClassesThat(
                                    resideOutsideOfPackage(BASE + "..").or(resideInAnyPackage(allowed)))
                            .check(CLASSES);
                }));
    }

    @Test
    void kcl_outsideConsumer_neverImported() {
        noClasses()
                .that()
                .resideOutsideOfPackage(BASE + ".consumer..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("software.amazon.kinesis..", "com.amazonaws.services.dynamodbv2.streamsadapter..")
                .check(CLASSES);
    }

    @Test
    void cel_outsideRuleCel_neverImported() {
        noClasses()
                .that()
                .resideOutsideOfPackage(BASE + ".rule.cel..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.cel..")
                .check(CLASSES);
    }

    @Test
    void httpServerAndTemplates_outsideWeb_neverImported() {
        noClasses()
                .that()
                .resideOutsideOfPackage(BASE + ".web..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.javalin..", "gg.jte..", "org.eclipse.jetty..")
                .check(CLASSES);
    }

    @Test
    void updater_dependsOnTheJdkAndTheAwsSdkAlone() {
        classes()
                .that()
                .resideInAPackage(BASE + ".updater..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "software.amazon.awssdk..", BASE + ".updater..")
                .check(CLASSES);
    }

    @Test
    void wiring_outsideTheCompositionRoot_constructsNoPipelineWriterOutboxDispatcherOrDaemon() {
        List<Class<?>> wired = List.of(
                AuditPipeline.class,
                DynamoDbAuditWriter.class,
                DynamoDbAlertOutbox.class,
                AlertDispatcher.class,
                DynamoDbItemStateStore.class,
                StreamGapCheck.class,
                RuleEngine.class,
                Reconciler.class,
                dev.driftwatch.audit.CoverageLedger.class);
        DescribedPredicate<JavaConstructorCall> constructsWiredPart = DescribedPredicate.describe(
                "a constructor of " + wired,
                call -> wired.stream()
                        .anyMatch(type -> call.getTargetOwner().isEquivalentTo(type)
                                && !call.getOriginOwner().isEquivalentTo(type)));
        noClasses()
                .that()
                .resideOutsideOfPackage(BASE + ".app")
                .should()
                .callConstructorWhere(constructsWiredPart)
                .orShould()
                .callMethod(
                        StreamDaemon.class,
                        "create",
                        dev.driftwatch.aws.AwsClients.class,
                        dev.driftwatch.config.DriftwatchConfig.class,
                        AuditPipeline.class,
                        java.util.Optional.class)
                .check(CLASSES);
    }

    @Test
    void environment_readOnlyThroughConfigEnvironment() {
        noClasses()
                .that()
                .doNotBelongToAnyOf(Environment.class)
                .should()
                .callMethod(System.class, "getenv")
                .orShould()
                .callMethod(System.class, "getenv", String.class)
                .check(CLASSES);
    }
}
