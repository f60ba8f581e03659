package dev.datadump.export.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Gzip compression (RFC 1952) at a fixed deflate level, on the calling thread. */
public final class GzipCompression implements OutputStage {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final int level;

    /** Creates the stage; {@code level} is a deflate level from 1 (fastest) to 9 (smallest). */
    public GzipCompression(int level) {
        if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("gzip level must be between 1 and 9, not " + level);
        }
        this.level = level;
    }

    @Override
    public OutputStream open(OutputStream downstream) throws IOException {
        return new GZIPOutputStream(downstream, BUFFER_SIZE) {
            {
                def.setLevel(level);
            }
        };
    }

    @Override
    public String fileNameSuffix() {
        return ".gz";
    }
}
