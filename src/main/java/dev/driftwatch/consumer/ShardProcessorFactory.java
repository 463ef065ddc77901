package dev.driftwatch.consumer;

import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.record.ChangeRecordDecoder;
import java.util.function.BooleanSupplier;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/** Makes one {@link ShardProcessor} per lease, all sharing one pipeline. */
final class ShardProcessorFactory implements ShardRecordProcessorFactory {
    private final AuditPipeline pipeline;
    private final ChangeRecordDecoder decoder;
    private final BooleanSupplier stopping;
    private final CheckpointProbe probe;

    ShardProcessorFactory(
            AuditPipeline pipeline, ChangeRecordDecoder decoder, BooleanSupplier stopping, CheckpointProbe probe) {
        this.pipeline = pipeline;
        this.decoder = decoder;
        this.stopping = stopping;
        this.probe = probe;
    }

    @Override
    public ShardRecordProcessor shardRecordProcessor() {
        return new ShardProcessor(pipeline, decoder, stopping, Backoff.DEFAULT, probe);
    }
}
