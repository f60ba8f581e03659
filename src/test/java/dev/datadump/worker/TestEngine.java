package dev.datadump.worker;

import dev.datadump.export.Cancellation;
import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.ExportEngine;
import dev.datadump.export.ExportFailedException;
import dev.datadump.export.ExportProgress;
import dev.datadump.export.ExportRequest;
import dev.datadump.export.ExportResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine for the in-process tests of the worker: copies nothing, writes the customer's
 * {@code index.html} as the "archive" into the destination, and counts exports and clean-ups
 * per job. With {@code stepMillis} it takes ten steps of that length, checking cancellation at
 * each. The process tests use the real engine.
 */
final class TestEngine implements ExportEngine {

    final Map<Long, AtomicInteger> exports = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> cleanUps = new ConcurrentHashMap<>();
    private final long stepMillis;
    private final String failWith;

    TestEngine(long stepMillis, String failWith) {
        this.stepMillis = stepMillis;
        this.failWith = failWith;
    }

    @Override
    public ExportResult export(ExportRequest request, Cancellation cancellation, ExportProgress progress)
            throws ExportFailedException, ExportCancelledException {
        long jobId = request.job().id();
        exports.computeIfAbsent(jobId, id -> new AtomicInteger()).incrementAndGet();
        for (int step = 1; step <= 10; step++) {
            cancellation.check();
            progress.update(step * 100L, step);
            sleep();
        }
        cancellation.check();
        if (failWith != null) {
            throw new ExportFailedException(failWith);
        }

        String name = request.customer().loginName() + "-export_" + jobId + ".tar.gz";
        try {
            byte[] content = Files.readAllBytes(Path.of(request.customer().documentRoot(), "index.html"));
            Files.write(Path.of(request.job().destdir(), name), content);
            return new ExportResult(name, content.length, "0".repeat(64), List.of("skipped nothing"), 1,
                    content.length);
        } catch (IOException e) {
            throw new ExportFailedException("cannot write " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void cleanUpAfterCrash(ExportRequest request) {
        cleanUps.computeIfAbsent(request.job().id(), id -> new AtomicInteger()).incrementAndGet();
    }

    int exportsOf(long jobId) {
        AtomicInteger count = exports.get(jobId);
        return count == null ? 0 : count.get();
    }

    private void sleep() {
        if (stepMillis > 0) {
            try {
                Thread.sleep(stepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
