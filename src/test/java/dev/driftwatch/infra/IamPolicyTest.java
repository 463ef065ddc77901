package dev.driftwatch.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.support.OperationRecorder.Call;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy check itself: it reads the template's DaemonPolicy and bites when an action is taken out. */
class IamPolicyTest {
    private static final String STREAM =
            "arn:aws:dynamodb:us-east-1:123456789012:table/inventory/stream/2026-11-25T00:00:00.000";
    private static final Map<String, String> PARAMETERS = Map.of(
            "AWS::Partition",
            "aws",
            "AWS::Region",
            "us-east-1",
            "AWS::AccountId",
            "123456789012",
            "WatchedTableName",
            "inventory",
            "WatchedTableStreamArn",
            STREAM,
            "ApplicationName",
            "driftwatch-inventory",
            "AuditTableName",
            "driftwatch-findings",
            "AlertTopicName",
            "driftwatch-alerts",
            "MetricsNamespace",
            "driftwatch");

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static IamPolicy policy(boolean shipsMetrics) throws IOException {
        return policy(shipsMetrics, false);
    }

    private static IamPolicy policy(boolean shipsMetrics, boolean customerKey) throws IOException {
        Map<String, String> parameters = new java.util.HashMap<>(PARAMETERS);
        parameters.put("WatchedTableKmsKeyArn", customerKey ? KEY : "");
        return IamPolicy.fromTemplate(
                LeastPrivilegeIT.TEMPLATE,
                "DaemonPolicy",
                parameters,
                Map.of("ShipsMetrics", shipsMetrics, "WatchedTableUsesCmk", customerKey));
    }

    /** Issue 21 item 8: a watched table under a customer-managed key needs kms:Decrypt on that key, and only then. */
    @Test
    void fromTemplate_watchedTableUnderCustomerKey_decryptOnThatKeyOnly() throws IOException {
        Call decrypt = new Call("kms:Decrypt", KEY);
        assertTrue(policy(false, true).allows(decrypt));
        assertFalse(policy(false, true).allows(new Call("kms:Decrypt", KEY.replace("1234abcd", "99999999"))));
        assertFalse(policy(false, false).allows(decrypt));
    }

    private final Call getRecords = new Call("dynamodb:GetRecords", STREAM);
    private final Call putFinding =
            new Call("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:123456789012:table/driftwatch-findings");

    @Test
    void fromTemplate_daemonPolicy_allowsItsCallsOnItsResourcesOnly() throws IOException {
        IamPolicy policy = policy(false);
        assertTrue(policy.allows(getRecords));
        assertTrue(policy.allows(putFinding));
        assertTrue(policy.allows(new Call(
                "dynamodb:Query",
                "arn:aws:dynamodb:us-east-1:123456789012:table/driftwatch-findings/index/pending-alerts")));
        assertFalse(
                policy.allows(new Call(
                        "dynamodb:GetRecords",
                        "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-11-25T00:00:00.000")),
                "another table's stream");
        assertTrue(
                policy.allows(new Call(
                        "dynamodb:GetRecords",
                        "arn:aws:dynamodb:us-east-1:123456789012:table/inventory/stream/2026-12-01T09:00:00.000")),
                "the watched table's next stream, after a disable and enable (issue 21 item 3)");
        assertFalse(
                policy.allows(new Call("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:123456789012:table/inventory")),
                "never writes the watched table");
        assertFalse(
                policy.allows(new Call(
                        "dynamodb:DeleteItem", "arn:aws:dynamodb:us-east-1:123456789012:table/driftwatch-findings")),
                "findings are immutable");
        assertFalse(policy.allows(new Call("cloudwatch:PutMetricData", "*")));
    }

    @Test
    void fromTemplate_metricsShipped_putMetricDataAllowed() throws IOException {
        assertTrue(policy(true).allows(new Call("cloudwatch:PutMetricData", "*")));
    }

    @Test
    void without_actionTakenOut_callsNeedingItDenied() throws IOException {
        IamPolicy reduced = policy(false).without("dynamodb:GetRecords");
        assertEquals(Set.of(getRecords), reduced.denied(Set.of(getRecords, putFinding)));
    }

    @Test
    void unused_actionNoCallNeeds_reportedWithItsStatement() throws IOException {
        Set<String> unused = policy(false).unused(Set.of(getRecords, putFinding));
        assertTrue(unused.contains("ReadWatchedStreams dynamodb:DescribeStream"), unused.toString());
        assertFalse(unused.contains("ReadWatchedStreams dynamodb:GetRecords"));
        assertFalse(unused.contains("WriteAndQueryFindings dynamodb:PutItem"));
    }

    @Test
    void matches_wildcards_likeIam() {
        assertTrue(IamPolicy.matches(
                "arn:aws:dynamodb:*:table/app/index/*", "arn:aws:dynamodb:us-east-1:1:table/app/index/x"));
        assertFalse(IamPolicy.matches(
                "arn:aws:dynamodb:us-east-1:1:table/app", "arn:aws:dynamodb:us-east-1:1:table/app-CoordinatorState"));
        assertTrue(IamPolicy.matches("dynamodb:Get?tem", "dynamodb:GetItem"));
    }
}
