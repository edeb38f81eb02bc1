package io.queryhound.internal.export;

import io.queryhound.Exporter;
import io.queryhound.Finding;
import io.queryhound.FindingSummary;
import io.queryhound.ScopeStatistics;
import io.queryhound.StatementStatistics;
import io.queryhound.internal.config.Diagnostics;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * Writes every record as one JSON object per line to a file (appending) or to the console (or, with
 * {@code format=text}, as one readable line). A file
 * that cannot be opened or written is reported once; its records are dropped and counted, and the
 * application is never affected.
 */
public final class JsonLinesExporter implements Exporter {

    private final String description;
    private final Supplier<PrintStream> console;
    private final Path file;
    /** {@code format=text}: the one-line readable form instead of JSON, for people at a console. */
    private final boolean text;
    private Writer fileWriter;
    /**
     * Records handed to {@link #fileWriter} since its last successful flush: the writer buffers, so a
     * full disk shows only when the buffer is written out, and these records are lost with it.
     */
    private long unflushed;
    private long dropped;

    private JsonLinesExporter(String description, Supplier<PrintStream> console, Path file, boolean text) {
        this.description = description;
        this.console = console;
        this.file = file;
        this.text = text;
    }

    /** To the current {@code System.out} or {@code System.err} (looked up at each write). */
    public static JsonLinesExporter console(String name, Supplier<PrintStream> stream) {
        return new JsonLinesExporter(name, stream, null, false);
    }

    /** Appends to {@code file}, creating it and its parent directories when needed. */
    public static JsonLinesExporter file(Path file) {
        return new JsonLinesExporter(file.toString(), null, file, false);
    }

    /** The same destination, written in the one-line readable form ({@code format=text}). */
    public JsonLinesExporter asText() {
        return new JsonLinesExporter(description + " (text)", console, file, true);
    }

    @Override
    public synchronized void statistics(StatementStatistics statistics) {
        write(text ? "[queryhound] " + StatisticsJson.toText(statistics) : StatisticsJson.toJson(statistics));
    }

    @Override
    public synchronized void scopeStatistics(ScopeStatistics statistics) {
        write(text ? "[queryhound] " + ScopeStatisticsJson.toText(statistics) : ScopeStatisticsJson.toJson(statistics));
    }

    @Override
    public synchronized void finding(Finding finding) {
        write(text ? "[queryhound] " + FindingJson.toText(finding) : FindingJson.toJson(finding));
    }

    @Override
    public synchronized void findingSummary(FindingSummary summary) {
        write(text ? "[queryhound] " + FindingJson.toText(summary) : FindingJson.toJson(summary));
    }

    private void write(String jsonLine) {
        if (console != null) {
            console.get().println(jsonLine);
            return;
        }
        try {
            if (fileWriter == null) {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                fileWriter = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            }
            unflushed++;
            fileWriter.write(jsonLine);
            fileWriter.write('\n');
        } catch (IOException | RuntimeException e) {
            dropped += Math.max(1, unflushed);
            unflushed = 0;
            Diagnostics.warnOnce("output:" + file, "cannot write QueryHound output to " + file + " (" + e
                    + "); records are dropped and counted until it can be written");
            closeQuietly();
        }
    }

    @Override
    public synchronized void flush() {
        if (console != null) {
            console.get().flush();
            return;
        }
        if (fileWriter != null) {
            try {
                fileWriter.flush();
                unflushed = 0;
            } catch (IOException e) {
                dropped += unflushed;
                unflushed = 0;
                Diagnostics.warnOnce("output:" + file, "cannot write QueryHound output to " + file + " (" + e + ")");
                closeQuietly();
            }
        }
    }

    @Override
    public synchronized void close() {
        flush();
        closeQuietly();
    }

    /** Records that could not be written, including those lost from the buffer when writing it out failed. */
    public synchronized long droppedRecords() {
        return dropped;
    }

    private void closeQuietly() {
        if (fileWriter != null) {
            try {
                fileWriter.close();
            } catch (IOException ignored) {
                // already reported
            }
            fileWriter = null;
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
