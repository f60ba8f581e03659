package dev.datadump.export.reader;

import dev.datadump.export.Cancellation;
import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.ExportFailedException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a reader process from start to exit: decodes its stream into a sink, keeps the
 * last part of its standard error for messages, and kills it if the export stops early.
 */
public final class ReaderRun {

    private static final int STDERR_LIMIT = 4096;

    private final ReaderLauncher launcher;

    public ReaderRun(ReaderLauncher launcher) {
        this.launcher = launcher;
    }

    /**
     * Reads {@code roots} as {@code identity} into {@code sink}, leaving out {@code excludedPaths}
     * and entries whose name matches {@code excludedNamePattern} (null for none). The process is
     * gone when this returns.
     *
     * @throws ExportFailedException when the reader cannot start, dies, or exits with an error
     */
    public void run(ReaderIdentity identity, List<ReaderRoot> roots, List<String> excludedPaths,
                    String excludedNamePattern, ReaderEntrySink sink, Cancellation cancellation)
            throws IOException, ExportFailedException, ExportCancelledException {
        cancellation.check();
        Process process;
        try {
            process = launcher.start(identity, roots, excludedPaths, excludedNamePattern);
        } catch (IOException e) {
            throw new ExportFailedException("cannot start the reader process as uid " + identity.uid()
                    + ": " + e.getMessage(), e);
        }

        StderrTail stderr = new StderrTail(process.getErrorStream());
        stderr.start();
        boolean complete = false;
        try (InputStream stdout = new BufferedInputStream(process.getInputStream(), 64 * 1024)) {
            new ReaderStreamDecoder(stdout).decode(sink);
            complete = true;
        } catch (java.io.EOFException e) {
            waitQuietly(process);
            throw new ExportFailedException("the reader process for " + roots + " (uid " + identity.uid()
                    + ") ended early with exit code " + exitCode(process) + ": " + stderr.text(), e);
        } finally {
            if (!complete) {
                process.destroyForcibly();
            }
            waitQuietly(process);
        }

        int exitCode = process.exitValue();
        if (exitCode != 0) {
            throw new ExportFailedException("the reader process for " + roots + " (uid " + identity.uid()
                    + ") failed with exit code " + exitCode + ": " + stderr.text());
        }
    }

    private static String exitCode(Process process) {
        return process.isAlive() ? "unknown" : Integer.toString(process.exitValue());
    }

    private static void waitQuietly(Process process) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Drains a process's standard error on a daemon thread, capturing its first {@value #STDERR_LIMIT} bytes. */
    static final class StderrTail extends Thread {

        private final InputStream in;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        StderrTail(InputStream in) {
            super("reader-stderr");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    synchronized (captured) {
                        int room = STDERR_LIMIT - captured.size();
                        if (room > 0) {
                            captured.write(buffer, 0, Math.min(room, read));
                        }
                    }
                }
            } catch (IOException e) {
                // The process is gone; what was read so far is captured.
            }
        }

        String text() {
            try {
                join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (captured) {
                String text = captured.toString(StandardCharsets.UTF_8).trim();
                return text.isEmpty() ? "(no message)" : text;
            }
        }
    }
}
