package dev.driftwatch.pipeline;

import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftwatch.audit.InMemoryAuditWriter;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Redaction;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.rule.RuleDefinition;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.rule.SeverityPolicy;
import dev.driftwatch.rule.cel.CelRule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 16 item 8: an attribute named in {@code audit.redact} appears nowhere a finding goes: not in its
 * stored images, and not in its message, which a CEL template or a CEL number error can fill with values.
 */
class RedactionPipelineTest {
    private final InMemoryAuditWriter writer = new InMemoryAuditWriter();
    private final List<Finding> alerted = new ArrayList<>();

    private AuditPipeline pipeline(String assertion, String message) {
        CelRule rule = CelRule.compile(new RuleDefinition(
                "card-check",
                FindingClass.INVARIANT,
                Optional.empty(),
                Optional.empty(),
                assertion,
                message,
                "rules.yaml:3"));
        RuleEngine engine =
                new RuleEngine(List.of(rule), SeverityPolicy.DEFAULTS, Clock.systemUTC(), "writer", "writeId");
        return new AuditPipeline(
                engine,
                writer,
                alerted::add,
                Severity.INFO,
                PipelineObserver.NONE,
                Optional.empty(),
                new Redaction(Set.of("card", "balance")));
    }

    @Test
    void process_celMessageQuotingRedactedValues_valuesMaskedInStoredAndAlertedFindings() {
        AuditPipeline pipeline = pipeline(
                "newSelf.balance >= 0", "card {newSelf.card} went to {newSelf.balance} (was {oldSelf.balance})");

        pipeline.process(
                List.of(modify(
                        item("card", "4111-1111-1111-1111", "balance", 12.5, "quantity", 3),
                        item("card", "4111-1111-1111-1111", "balance", -7.25, "quantity", 3))),
                List.of());

        Finding stored = writer.stored().get(0);
        assertEquals("card <redacted> went to <redacted> (was <redacted>)", stored.message());
        assertEquals(AttributeValue.fromS("<redacted>"), stored.newImage().get("card"));
        assertEquals(AttributeValue.fromN("3"), stored.newImage().get("quantity"));
        assertEquals(stored.message(), alerted.get(0).message());
    }

    @Test
    void process_celErrorQuotingARedactedNumber_numberMasked() {
        AuditPipeline pipeline = pipeline("newSelf.balance / 0 > 1", "never rendered");

        pipeline.process(
                List.of(modify(
                        item(
                                "card",
                                "4111-1111-1111-1111",
                                "balance",
                                AttributeValue.fromN("0.10000000000000000000001")),
                        item(
                                "card",
                                "4111-1111-1111-1111",
                                "balance",
                                AttributeValue.fromN("0.10000000000000000000001")))),
                List.of());

        Finding stored = writer.stored().get(0);
        assertEquals(FindingClass.INPUT, stored.findingClass());
        assertFalse(stored.message().contains("10000000000000000000001"), stored.message());
    }
}
