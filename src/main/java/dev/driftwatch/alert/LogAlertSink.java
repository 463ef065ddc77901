package dev.driftwatch.alert;

import dev.driftwatch.finding.Finding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one line per alert with the finding's identity and message; never the item images. */
public final class LogAlertSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger("dev.driftwatch.alert");

    @Override
    public String name() {
        return "log";
    }

    @Override
    public void alert(Finding finding) {
        LOG.warn(
                "alert rule={} severity={} class={} table={} key={} sequenceNumber={} lostUnits={} message=\"{}\"",
                finding.ruleId(),
                finding.severity(),
                finding.findingClass(),
                finding.table(),
                finding.itemKey(),
                finding.sequenceNumber(),
                finding.lostUnits().map(u -> u.toPlainString()).orElse("-"),
                finding.message());
    }
}
