package dev.driftwatch.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.record.DecodeException;
import dev.driftwatch.record.StreamRecordJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Reads stream records from one file, in either form the DynamoDB tools write:
 *
 * <ul>
 *   <li>JSON lines: one record, or one get-records output, per line. A bad line is reported with its
 *       number and skipped; the lines after it are still read.
 *   <li>A JSON document spanning lines, as {@code aws dynamodbstreams get-records} prints it (several
 *       may follow each other). A syntax error stops this file there, reported with its line: the
 *       records after it cannot be found again.
 * </ul>
 */
final class ReplayInput {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record read, with the line it starts on. */
    record Entry(Path file, long line, Record record) {}

    /** Something that is not a record, and why. */
    record BadLine(Path file, long line, String reason) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + reason;
        }
    }

    interface Listener {
        void record(Entry entry);

        void bad(BadLine bad);

        /** Called now and then with the bytes read so far of the file's size. */
        default void progress(Path file, long bytesRead, long size) {}
    }

    private ReplayInput() {}

    static void read(Path file, Listener listener) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        }
        if (isDocument(file)) {
            readDocuments(file, listener);
            listener.progress(file, size, size);
        } else {
            readLines(file, size, listener);
        }
    }

    /** A document when the first non-blank line is not a whole JSON value by itself. */
    private static boolean isDocument(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    try {
                        JSON.readTree(line);
                        return false;
                    } catch (JsonProcessingException e) {
                        return line.trim().startsWith("{");
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        }
    }

    private static void readLines(Path file, long size, Listener listener) {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String line;
            long number = 0;
            long bytes = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                bytes += line.length() + 1;
                if (number % 1000 == 0) {
                    listener.progress(file, Math.min(bytes, size), size);
                }
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    listener.bad(new BadLine(file, number, "not valid JSON: " + e.getOriginalMessage()));
                    continue;
                }
                emit(file, number, node, listener);
            }
            listener.progress(file, size, size);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        }
    }

    private static void readDocuments(Path file, Listener listener) {
        try (MappingIterator<JsonNode> documents =
                JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (true) {
                long line = documents.getCurrentLocation().getLineNr();
                JsonNode document;
                try {
                    if (!documents.hasNextValue()) {
                        return;
                    }
                    line = documents.getCurrentLocation().getLineNr();
                    document = documents.nextValue();
                } catch (IOException | RuntimeException e) {
                    long at = documents.getCurrentLocation().getLineNr();
                    listener.bad(new BadLine(
                            file,
                            at > 0 ? at : line,
                            "not valid JSON: " + firstLine(e.getMessage()) + " (the rest of this file is skipped)"));
                    return;
                }
                emit(file, line, document, listener);
            }
        } catch (IOException e) {
            listener.bad(new BadLine(file, 1, "not valid JSON: " + firstLine(e.getMessage())));
        }
    }

    private static void emit(Path file, long line, JsonNode node, Listener listener) {
        java.util.List<JsonNode> records;
        try {
            records = StreamRecordJson.records(node);
        } catch (DecodeException e) {
            listener.bad(new BadLine(file, line, e.getMessage()));
            return;
        }
        int index = 0;
        for (JsonNode element : records) {
            try {
                listener.record(new Entry(file, line, StreamRecordJson.record(element)));
            } catch (DecodeException e) {
                String where = records.size() > 1 || node.has("Records") ? "Records[" + index + "]: " : "";
                listener.bad(new BadLine(file, line, where + e.getMessage()));
            }
            index++;
        }
    }

    private static String firstLine(String message) {
        return message == null ? "(no message)" : message.lines().findFirst().orElse(message);
    }
}
