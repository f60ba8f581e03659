package dev.datadump.cli;

import dev.datadump.export.ExportProgress;
import dev.datadump.worker.Sizes;

import java.io.PrintWriter;

/**
 * A one-line progress display of a running export on a terminal: bytes read, files archived
 * and a moving marker, since the total size is not known in advance. Redrawn at most five times
 * a second.
 */
final class ProgressBar implements ExportProgress {

    static final String CLEAR_LINE = "\r\033[2K";

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 20;

    private final PrintWriter out;
    private final long jobId;
    private long lastDrawn = System.nanoTime() - REDRAW_NANOS;
    private int frame;

    ProgressBar(PrintWriter out, long jobId) {
        this.out = out;
        this.jobId = jobId;
    }

    @Override
    public synchronized void update(long bytesIn, long files) {
        long now = System.nanoTime();
        if (now - lastDrawn < REDRAW_NANOS) {
            return;
        }
        lastDrawn = now;

        int position = frame++ % WIDTH;
        String bar = " ".repeat(position) + "===" + " ".repeat(WIDTH - position);
        out.print(CLEAR_LINE + "job " + jobId + " [" + bar.substring(0, WIDTH) + "] " + Sizes.bytes(bytesIn)
                + ", " + files + " files");
        out.flush();
    }
}
