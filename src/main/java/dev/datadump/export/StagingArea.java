package dev.datadump.export;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The private, root-owned directory (mode 0700) where archives are built. Each job attempt
 * works in the folder {@code job-<id>}, so that what a crashed attempt left can be found and
 * removed. Only the service can enter the directory, so nothing in it can be swapped
 * for a link.
 */
public final class StagingArea {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path root;

    public StagingArea(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * Creates the staging directory if needed and checks it: a real directory owned by the
     * service's user; its mode is set to 0700.
     */
    public void prepare() throws ExportFailedException {
        try {
            Files.createDirectories(root);
            if (Files.isSymbolicLink(root) || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new ExportFailedException("staging directory " + root + " is not a directory; "
                        + "point the staging setting at a private directory");
            }
            int owner = (Integer) Files.getAttribute(root, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (owner != self) {
                throw new ExportFailedException("staging directory " + root + " is owned by uid " + owner
                        + ", not by the service (uid " + self + "); use a directory only the service owns");
            }
            Files.setPosixFilePermissions(root, OWNER_ONLY);
        } catch (IOException e) {
            throw new ExportFailedException("cannot prepare the staging directory " + root + ": " + e.getMessage(), e);
        }
    }

    /** Returns the folder of job {@code jobId}. */
    public Path jobFolder(long jobId) {
        return root.resolve("job-" + jobId);
    }

    /** Creates an empty folder for job {@code jobId}, first removing what an earlier attempt left. */
    public Path createJobFolder(long jobId) throws IOException {
        Path folder = jobFolder(jobId);
        remove(folder);
        Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        return folder;
    }

    /** Removes the folder of job {@code jobId} and everything in it; symlinks are removed, never followed. */
    public void removeJobFolder(long jobId) throws IOException {
        remove(jobFolder(jobId));
    }

    private static void remove(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
