package dev.driftwatch.consumer;

import java.util.ArrayList;
import java.util.List;
import software.amazon.kinesis.processor.Checkpointer;
import software.amazon.kinesis.processor.PreparedCheckpointer;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

/** Records the checkpoints a processor asks for; "latest" stands for the no-argument checkpoint. */
final class RecordingCheckpointer implements RecordProcessorCheckpointer {
    final List<String> checkpoints = new ArrayList<>();

    @Override
    public void checkpoint() {
        checkpoints.add("latest");
    }

    @Override
    public void checkpoint(String sequenceNumber) {
        checkpoints.add(sequenceNumber);
    }

    @Override
    public void checkpoint(String sequenceNumber, long subSequenceNumber) {
        checkpoints.add(sequenceNumber);
    }

    @Override
    public void checkpoint(software.amazon.awssdk.services.kinesis.model.Record record) {
        throw new UnsupportedOperationException("the processor checkpoints by sequence number");
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint() {
        throw new UnsupportedOperationException();
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint(byte[] state) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint(software.amazon.awssdk.services.kinesis.model.Record record) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint(
            software.amazon.awssdk.services.kinesis.model.Record record, byte[] state) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint(String sequenceNumber) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, byte[] state) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, long subSequenceNumber) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, long subSequenceNumber, byte[] state) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Checkpointer checkpointer() {
        throw new UnsupportedOperationException();
    }
}
