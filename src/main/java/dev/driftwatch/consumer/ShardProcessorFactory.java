package dev.driftwatch.consumer;

import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.record.ChangeRecordDecoder;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/** Makes one {@link ShardProcessor} per lease, all sharing one pipeline. */
final class ShardProcessorFactory implements ShardRecordProcessorFactory {
    private final AuditPipeline pipeline;
    private final ChangeRecordDecoder decoder;
    private final BooleanSupplier stopping;
    private final CheckpointProbe probe;
    private final String streamArn;
    private final Optional<CoverageLedger> ledger;
    private final Duration checkpointEvery;

    ShardProcessorFactory(
            AuditPipeline pipeline,
            ChangeRecordDecoder decoder,
            BooleanSupplier stopping,
            CheckpointProbe probe,
            String streamArn,
            Optional<CoverageLedger> ledger,
            Duration checkpointEvery) {
        this.checkpointEvery = checkpointEvery;
        this.pipeline = pipeline;
        this.decoder = decoder;
        this.stopping = stopping;
        this.probe = probe;
        this.streamArn = streamArn;
        this.ledger = ledger;
    }

    @Override
    public ShardRecordProcessor shardRecordProcessor() {
        return new ShardProcessor(
                pipeline, decoder, stopping, Backoff.DEFAULT, probe, streamArn, ledger, checkpointEvery);
    }
}
