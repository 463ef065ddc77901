package dev.driftwatch.rule;

import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.FindingId;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.DecodeFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    private static RuleEngine engine(List<Rule> rules, SeverityPolicy policy) {
        return new RuleEngine(rules, policy, CLOCK, "writer", "writeId");
    }

    @Test
    void evaluate_classicLostUpdate_yieldsConservationAndVersionFindings() {
        ChangeRecord record = modify(
                item("quantity", 9, "version", 6, "lastDelta", -1, "writeId", "w1", "writer", "api-1"),
                item("quantity", 9, "version", 6, "lastDelta", -1, "writeId", "w2", "writer", "api-2"));
        List<Finding> findings = engine(BuiltInRules.forTable(RuleAssertions.TABLE), SeverityPolicy.DEFAULTS)
                .evaluate(record);
        assertEquals(
                List.of("version-not-incremented", "conservation"),
                findings.stream().map(Finding::ruleId).collect(Collectors.toList()));
        Finding conservation = findings.get(1);
        assertEquals(FindingId.of("inventory", record.sequenceNumber(), "conservation"), conservation.id());
        assertEquals(Severity.CRITICAL, conservation.severity());
        assertEquals(Optional.of("api-2"), conservation.writer());
        assertEquals(Optional.of("w2"), conservation.writeId());
        assertEquals(Instant.parse("2026-11-25T12:00:00Z"), conservation.detectedAt());
    }

    @Test
    void evaluate_ruleThrows_inputFindingAndOtherRulesStillRun() {
        Rule broken = new Rule() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public Optional<Violation> check(ChangeRecord record) {
                throw new ArithmeticException("/ by zero");
            }
        };
        ChangeRecord record = modify(item("version", 7), item("version", 6));
        List<Finding> findings = engine(
                        List.of(broken, new VersionRegressedRule(RuleAssertions.TABLE)), SeverityPolicy.DEFAULTS)
                .evaluate(record);
        assertEquals(2, findings.size());
        assertEquals(FindingClass.INPUT, findings.get(0).findingClass());
        assertEquals(
                "rule broken failed on this record: java.lang.ArithmeticException: / by zero",
                findings.get(0).message());
        assertEquals("version-regressed", findings.get(1).ruleId());
    }

    @Test
    void evaluate_severityOverride_appliesToThatRuleOnly() {
        RuleEngine engine = engine(
                BuiltInRules.forTable(RuleAssertions.TABLE),
                new SeverityPolicy(Map.of("version-skipped", Severity.ERROR)));
        List<Finding> findings = engine.evaluate(modify(item("version", 1), item("version", 5)));
        assertEquals(1, findings.size());
        assertEquals(Severity.ERROR, findings.get(0).severity());
    }

    @Test
    void undecodable_failure_isInputFindingWithDeterministicId() {
        DecodeFailure failure = new DecodeFailure(
                "inventory", "shard-1", Optional.of("77"), Optional.empty(), Instant.EPOCH, "no keys");
        Finding finding = engine(List.of(), SeverityPolicy.DEFAULTS).undecodable(failure);
        assertEquals(FindingId.of("inventory", "77", RuleEngine.UNDECODABLE), finding.id());
        assertEquals(Severity.WARNING, finding.severity());
        assertEquals("record could not be decoded: no keys", finding.message());
        assertEquals("(unknown)", finding.itemKey());
    }

    /** Issue 16 item 5: a retry or a redelivery must write the same audit row, not a new one per attempt. */
    @Test
    void undecodable_sameRecordAtTwoClockTimes_sameKeyFields() {
        Instant created = Instant.parse("2026-11-25T11:59:58.250Z");
        DecodeFailure failure = new DecodeFailure(
                "inventory", "shard-1", Optional.of("77"), Optional.of("sku-1"), created, "bad number");
        RuleEngine first = new RuleEngine(List.of(), SeverityPolicy.DEFAULTS, CLOCK, "writer", "writeId");
        RuleEngine later = new RuleEngine(
                List.of(),
                SeverityPolicy.DEFAULTS,
                Clock.offset(CLOCK, java.time.Duration.ofMinutes(7)),
                "writer",
                "writeId");

        Finding once = first.undecodable(failure);
        Finding again = later.undecodable(failure);

        assertEquals(created, once.approximateCreationTime());
        assertEquals(once.approximateCreationTime(), again.approximateCreationTime());
        assertEquals(once.sequenceNumber(), again.sequenceNumber());
        assertEquals(once.id(), again.id());
    }

    @Test
    void undecodable_noSequenceNumber_keyDerivedFromTheRecordNotTheClock() {
        DecodeFailure failure = new DecodeFailure(
                "inventory", "shard-1", Optional.empty(), Optional.empty(), Instant.EPOCH, "no dynamodb section");
        Finding once = engine(List.of(), SeverityPolicy.DEFAULTS).undecodable(failure);
        Finding again = new RuleEngine(
                        List.of(),
                        SeverityPolicy.DEFAULTS,
                        Clock.offset(CLOCK, java.time.Duration.ofHours(1)),
                        "writer",
                        "writeId")
                .undecodable(failure);

        assertEquals(once.sequenceNumber(), again.sequenceNumber());
        assertEquals(Instant.EPOCH, again.approximateCreationTime());
    }
}
