package dev.datadump.export.archive;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One stage between the tar stream and the output file (compression, encryption). Stages
 * stack: each wraps the stream of the stage below it, and closing a stage's stream finishes
 * the stage's format and closes the stream below.
 */
public interface OutputStage {

    /** Returns a stream that transforms what is written to it and writes the result to {@code downstream}. */
    OutputStream open(OutputStream downstream) throws IOException;

    /** Returns what this stage appends to the archive's file name, for example ".gz". */
    String fileNameSuffix();
}
