package dev.datadump.export;

import java.util.List;

/**
 * Result of a finished export: the archive's file name inside the destination, its size in
 * bytes and SHA-256, the skipped items with their reasons, and the counters for the job log.
 */
public record ExportResult(String archiveName, long size, String sha256, List<String> warnings,
                           long files, long bytesIn) {
}
