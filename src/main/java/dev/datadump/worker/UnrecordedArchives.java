package dev.datadump.worker;

import dev.datadump.export.ExportFailedException;
import dev.datadump.export.ExportRequest;
import dev.datadump.export.destination.Destination;
import dev.datadump.model.Customer;
import dev.datadump.model.Job;
import dev.datadump.posix.FileStatus;
import dev.datadump.posix.Posix;
import dev.datadump.store.JobQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes complete archives that an attempt placed in a job's destination but never recorded,
 * because its worker died or lost the lease between placing and recording. Without this, the
 * attempt that takes the job over would leave a second archive of the same job beside its own.
 *
 * <p>Work in the destination goes through the engine's {@link Destination}, a directory
 * descriptor reached without following symlinks, so a customer who swaps a folder for a link
 * cannot redirect a removal.
 */
final class UnrecordedArchives {

    private static final Logger log = LoggerFactory.getLogger(UnrecordedArchives.class);

    private final JobQueue queue;

    UnrecordedArchives(JobQueue queue) {
        this.queue = queue;
    }

    /**
     * Removes from the job's destination every archive of the customer (with its checksum file)
     * that no job recorded and that was modified at or after the job was created. Archives of
     * earlier jobs are recorded, and archives made by other means are older than the job.
     */
    void removeLeftovers(ExportRequest request) throws IOException, ExportFailedException {
        Job job = request.job();
        Pattern archiveName = archiveNamePattern(request.customer().loginName());
        Set<String> recorded = queue.recordedArchives(job.customerId());
        long createdSeconds = job.created() / 1000;

        try (Destination destination = open(request)) {
            if (destination == null) {
                return;
            }
            for (String name : destination.list()) {
                String archive = name.endsWith(".sha256") ? name.substring(0, name.length() - 7) : name;
                if (!archiveName.matcher(archive).matches() || recorded.contains(archive)) {
                    continue;
                }
                // Known limitation: mtime comes from the clock of the host that wrote the file and the job's
                // creation time from the API host's clock; when the writer's clock is behind by more than the
                // time between creation and writing, a leftover is kept and the customer gets two archives.
                FileStatus status = Posix.lstatAt(destination.fd(), Posix.path(name), pathFor(job, name));
                if (status.isRegularFile() && status.mtimeSeconds() >= createdSeconds) {
                    Posix.unlinkAt(destination.fd(), Posix.path(name), pathFor(job, name));
                    log.warn("Job {}: removed {} from {}, placed by an earlier attempt that did not record it",
                            job.id(), name, job.destdir());
                }
            }
        }
    }

    /** Removes one archive and its checksum file, placed by this attempt but not recorded. */
    void remove(ExportRequest request, String archive) throws IOException, ExportFailedException {
        Job job = request.job();
        try (Destination destination = open(request)) {
            if (destination == null) {
                return;
            }
            for (String name : List.of(archive + ".sha256", archive)) {
                if (destination.exists(name)) {
                    Posix.unlinkAt(destination.fd(), Posix.path(name), pathFor(job, name));
                }
            }
            log.warn("Job {}: removed its unrecorded archive {} from {}", job.id(), archive, job.destdir());
        }
    }

    private static Destination open(ExportRequest request) throws ExportFailedException {
        Customer customer = request.customer();
        return Destination.open(Path.of(customer.documentRoot()).normalize(),
                Path.of(request.job().destdir()).normalize(), customer.uid(), customer.gid(), false);
    }

    /** Matches the engine's archive names: {@code <login>-export_<YYYYMMDDHHmm>[-N].tar.gz[.gpg]}. */
    private static Pattern archiveNamePattern(String loginName) {
        return Pattern.compile(Pattern.quote(loginName + "-export_") + "\\d{12}(-\\d{1,2})?\\.tar\\.gz(\\.gpg)?");
    }

    private static String pathFor(Job job, String name) {
        return job.destdir() + name;
    }
}
