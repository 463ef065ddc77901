package dev.driftwatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code driftwatch bench}: the benchmarks that need the stream (the JMH ones run from Maven). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks against the configured endpoint (the local endpoint by default, started when needed).",
            "They print figures; nothing here passes or fails on timing."
        },
        subcommands = {BenchThroughputCommand.class, BenchLatencyCommand.class, BenchCostCommand.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: one of throughput, latency, cost");
    }
}
