package dev.driftwatch.replay;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditWriter;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.ChangeRecordDecoder;
import dev.driftwatch.record.DecodeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Evaluates stream records from files without KCL, through the daemon's pipeline and rules, in file
 * order. Without an audit table the findings are only collected (and the stream-gap state kept in
 * memory); with one they are stored exactly as the daemon stores them, its stream-gap state included,
 * and alerts stay pending in the outbox for the daemon to deliver.
 */
public final class Replay {
    static final int BATCH = 500;
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    /** What a replay read and found. */
    public record Report(long records, List<Finding> findings, List<String> badLines) {
        public Report {
            findings = List.copyOf(findings);
            badLines = List.copyOf(badLines);
        }
    }

    private final Assembly assembly;
    private final Consumer<String> progress;
    private final String label;

    /**
     * @param assembly online to store findings as the daemon does, {@link Assembly#offline} to only collect them
     * @param progress receives progress lines, starting {@code label:}, and each bad line as it is met
     */
    public Replay(Assembly assembly, Consumer<String> progress, String label) {
        this.assembly = assembly;
        this.progress = progress;
        this.label = label;
    }

    public Report run(List<Path> files) {
        Map<String, Finding> found = new LinkedHashMap<>();
        UnaryOperator<AuditWriter> collecting = store -> findings -> {
            findings.forEach(finding -> found.putIfAbsent(finding.id(), finding));
            return store.write(findings);
        };
        AuditPipeline pipeline = assembly.pipeline().wrapWriter(collecting).build();
        DriftwatchConfig config = assembly.config();
        ChangeRecordDecoder decoder = new ChangeRecordDecoder(config.table());
        List<String> bad = new ArrayList<>();
        List<ChangeRecord> batch = new ArrayList<>(BATCH);
        long[] records = {0};
        long[] lastProgress = {System.nanoTime()};
        for (Path file : files) {
            String shardId = "replay:" + file.getFileName();
            ReplayInput.read(file, new ReplayInput.Listener() {
                @Override
                public void record(ReplayInput.Entry entry) {
                    try {
                        batch.add(decoder.decode(entry.record(), shardId));
                    } catch (DecodeException e) {
                        bad(new ReplayInput.BadLine(entry.file(), entry.line(), e.getMessage()));
                        return;
                    }
                    records[0]++;
                    if (batch.size() == BATCH) {
                        pipeline.process(batch, List.of());
                        batch.clear();
                    }
                }

                @Override
                public void bad(ReplayInput.BadLine line) {
                    bad.add(line.toString());
                    progress.accept(label + ": skipped " + line);
                }

                @Override
                public void progress(Path path, long bytesRead, long size) {
                    long now = System.nanoTime();
                    if (now - lastProgress[0] >= PROGRESS_EVERY_NANOS || bytesRead == size) {
                        if (bytesRead == size && !batch.isEmpty()) {
                            pipeline.process(batch, List.of()); // the file's last line counts its findings
                            batch.clear();
                        }
                        lastProgress[0] = now;
                        progress.accept(String.format(
                                "%s: %s %d%%, %,d records, %,d findings, %,d skipped",
                                label,
                                path.getFileName(),
                                size == 0 ? 100 : bytesRead * 100 / size,
                                records[0],
                                found.size(),
                                bad.size()));
                    }
                }
            });
        }
        if (!batch.isEmpty()) {
            pipeline.process(batch, List.of());
        }
        return new Report(records[0], new ArrayList<>(found.values()), bad);
    }
}
