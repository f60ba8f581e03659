package dev.datadump.export.destination;

import com.sun.jna.Memory;
import dev.datadump.export.Cancellation;
import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.ExportFailedException;
import dev.datadump.export.OutOfSpaceException;
import dev.datadump.posix.Errno;
import dev.datadump.posix.Posix;
import dev.datadump.posix.PosixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Hands a finished archive and its checksum file over from staging into the destination,
 * never replacing an existing name. Within one file system the staged file is renamed with
 * {@code renameat2(RENAME_NOREPLACE)}; across file systems it is copied into a temporary name
 * created with {@code O_CREAT|O_EXCL|O_NOFOLLOW} in the destination and then renamed the same
 * way. The files are owned by the customer and have mode 0600 before they get their final name.
 * A cancel request is checked against the job store right before the archive gets its final
 * name, and not after.
 */
public final class ArchivePlacement {

    private static final Logger log = LoggerFactory.getLogger(ArchivePlacement.class);
    private static final int BLOCK_SIZE = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Destination destination;
    private final long jobId;
    private final int uid;
    private final int gid;

    public ArchivePlacement(Destination destination, long jobId, int uid, int gid) {
        this.destination = destination;
        this.jobId = jobId;
        this.uid = uid;
        this.gid = gid;
    }

    /** Returns the prefix of the temporary names job {@code jobId} uses in a destination. */
    public static String temporaryPrefix(long jobId) {
        return ".datadump-job" + jobId + "-";
    }

    /**
     * Places {@code stagedArchive} under the first of {@code candidateNames} that is free, with
     * the checksum file {@code <name>.sha256} beside it, and returns the name used. Both files
     * are in {@code stagingFolder} and are consumed.
     *
     * @throws ExportFailedException when every candidate name is taken or the copy fails
     */
    public String place(Path stagingFolder, String stagedArchive, String sha256, List<String> candidateNames,
                        Cancellation cancellation) throws ExportFailedException, ExportCancelledException, IOException {
        int stagingFd = Posix.open(stagingFolder.toString(), Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_NOFOLLOW);
        String archiveInDestination = null;
        try {
            giveToCustomer(stagingFd, stagedArchive);
            String movable = moveOrCopy(stagingFd, stagingFolder, stagedArchive, cancellation);
            boolean copied = !movable.equals(stagedArchive);
            int sourceFd = copied ? destination.fd() : stagingFd;

            for (String name : candidateNames) {
                // The rename below is the hand-over: a cancel requested before this check leaves nothing behind.
                cancellation.checkCurrent();
                if (destination.exists(name) || destination.exists(name + ".sha256")) {
                    continue;
                }
                if (!renameNoReplace(sourceFd, movable, name)) {
                    continue;
                }
                archiveInDestination = name;

                String sidecar = stageSidecar(stagingFolder, stagingFd, sha256, name);
                // The archive is handed over, so a cancel request no longer stops the checksum file from following it.
                String movableSidecar = moveOrCopy(stagingFd, stagingFolder, sidecar, Cancellation.NEVER);
                int sidecarFd = movableSidecar.equals(sidecar) ? stagingFd : destination.fd();
                if (renameNoReplace(sidecarFd, movableSidecar, name + ".sha256")) {
                    return name;
                }

                // Someone created the checksum file's name meanwhile: take the archive back and try the next name.
                removeQuietly(sidecarFd, movableSidecar);
                Posix.renameNoReplace(destination.fd(), Posix.path(name), sourceFd, Posix.path(movable), name);
                archiveInDestination = null;
            }
            throw new ExportFailedException("every archive name from " + candidateNames.get(0) + " to "
                    + candidateNames.get(candidateNames.size() - 1) + " is taken in " + destination.path()
                    + "; remove old exports from there");
        } catch (PosixException e) {
            if (archiveInDestination != null) {
                removeQuietly(destination.fd(), archiveInDestination);
            }
            if (Errno.isOutOfSpace(e.errno())) {
                throw new OutOfSpaceException(destination.fileStore().toString(), "handing the archive over", e);
            }
            throw new ExportFailedException("cannot place the archive in " + destination.path() + ": " + e.getMessage(), e);
        } finally {
            removeTemporaryNames();
            Posix.closeQuietly(stagingFd);
        }
    }

    /** Removes temporary names of this job from the destination: leftovers of a crash or a failed copy. */
    public void removeTemporaryNames() {
        try {
            for (String name : destination.list()) {
                if (name.startsWith(temporaryPrefix(jobId)) && name.endsWith(".part")) {
                    removeQuietly(destination.fd(), name);
                }
            }
        } catch (IOException e) {
            log.warn("job {}: cannot list {} to remove temporary files: {}", jobId, destination.path(), e.getMessage());
        }
    }

    /**
     * Returns a name under which {@code staged} can be renamed into the destination: its own
     * name in staging when both are on one file system, else a temporary copy in the destination.
     */
    private String moveOrCopy(int stagingFd, Path stagingFolder, String staged, Cancellation cancellation)
            throws IOException, ExportCancelledException {
        String probe = temporaryPrefix(jobId) + HexFormat.of().formatHex(randomBytes()) + ".probe.part";
        try {
            Posix.linkAt(stagingFd, Posix.path(staged), destination.fd(), Posix.path(probe), probe);
            Posix.unlinkAt(destination.fd(), Posix.path(probe), probe);
            return staged;
        } catch (PosixException e) {
            // EXDEV: another file system. EPERM: a file system without hard links. Both are handled by copying.
            if (e.errno() != Errno.EXDEV && e.errno() != Errno.EPERM) {
                throw e;
            }
        }
        return copyIntoDestination(stagingFolder.resolve(staged), cancellation);
    }

    private String copyIntoDestination(Path source, Cancellation cancellation)
            throws IOException, ExportCancelledException {
        String temporary = temporaryPrefix(jobId) + HexFormat.of().formatHex(randomBytes()) + ".part";
        int fd = Posix.openAt(destination.fd(), Posix.path(temporary),
                Posix.O_WRONLY | Posix.O_CREAT | Posix.O_EXCL | Posix.O_NOFOLLOW, 0600, temporary);
        boolean complete = false;
        try (InputStream in = Files.newInputStream(source); Memory block = new Memory(BLOCK_SIZE)) {
            Posix.fchown(fd, uid, gid, temporary);
            Posix.fchmod(fd, 0600, temporary);
            byte[] buffer = new byte[BLOCK_SIZE];
            int read;
            while ((read = in.read(buffer)) > 0) {
                cancellation.check();
                block.write(0, buffer, 0, read);
                Posix.writeFully(fd, block, read, temporary);
            }
            Posix.fsync(fd, temporary);
            complete = true;
            return temporary;
        } finally {
            Posix.closeQuietly(fd);
            if (!complete) {
                removeQuietly(destination.fd(), temporary);
            }
        }
    }

    private boolean renameNoReplace(int fromFd, String from, String to) throws PosixException {
        try {
            Posix.renameNoReplace(fromFd, Posix.path(from), destination.fd(), Posix.path(to), to);
            return true;
        } catch (PosixException e) {
            if (e.errno() == Errno.EEXIST) {
                return false;
            }
            if (e.errno() != Errno.EINVAL) {
                throw e;
            }
        }
        // The file system has no RENAME_NOREPLACE: a hard link also refuses to replace a name.
        try {
            Posix.linkAt(fromFd, Posix.path(from), destination.fd(), Posix.path(to), to);
        } catch (PosixException e) {
            if (e.errno() == Errno.EEXIST) {
                return false;
            }
            throw e;
        }
        Posix.unlinkAt(fromFd, Posix.path(from), from);
        return true;
    }

    private String stageSidecar(Path stagingFolder, int stagingFd, String sha256, String archiveName) throws IOException {
        String sidecar = "archive.sha256";
        Files.deleteIfExists(stagingFolder.resolve(sidecar));
        Files.writeString(stagingFolder.resolve(sidecar), sha256 + "  " + archiveName + "\n", StandardCharsets.UTF_8);
        giveToCustomer(stagingFd, sidecar);
        return sidecar;
    }

    private void giveToCustomer(int stagingFd, String staged) throws PosixException {
        int fd = Posix.openAt(stagingFd, Posix.path(staged), Posix.O_RDONLY | Posix.O_NOFOLLOW, 0, staged);
        try {
            Posix.fchown(fd, uid, gid, staged);
            Posix.fchmod(fd, 0600, staged);
        } finally {
            Posix.closeQuietly(fd);
        }
    }

    private void removeQuietly(int dirFd, String name) {
        try {
            Posix.unlinkAt(dirFd, Posix.path(name), name);
        } catch (PosixException e) {
            if (e.errno() != Errno.ENOENT) {
                log.warn("job {}: cannot remove {} from {}: {}", jobId, name, destination.path(), e.getMessage());
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
