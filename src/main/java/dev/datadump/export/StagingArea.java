package dev.datadump.export;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The private, root-owned directory (mode 0700) where archives are built. Each job attempt
 * works in the folder {@code job-<id>-<attempt>}, so that what a crashed attempt left can be
 * found and removed. Only the service can enter the directory, so nothing in it can be swapped
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

    /**
     * Returns the folder of one attempt of a job. Attempts have folders of their own, so a
     * worker that lost its lease and cleans up late never removes the folder of the attempt
     * that took the job over.
     */
    public Path jobFolder(long jobId, int attempt) {
        return root.resolve("job-" + jobId + "-" + attempt);
    }

    /** Creates an empty folder for one attempt of a job, first removing what may be left under that name. */
    public Path createJobFolder(long jobId, int attempt) throws IOException {
        Path folder = jobFolder(jobId, attempt);
        remove(folder);
        Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        return folder;
    }

    /** Removes the folder of one attempt and everything in it; symlinks are removed, never followed. */
    public void removeJobFolder(long jobId, int attempt) throws IOException {
        remove(jobFolder(jobId, attempt));
    }

    /** Removes the folders of every attempt of a job before {@code currentAttempt}. */
    public void removeEarlierAttempts(long jobId, int currentAttempt) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String prefix = "job-" + jobId + "-";
        List<Path> earlier = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, prefix + "*")) {
            for (Path entry : entries) {
                String attempt = entry.getFileName().toString().substring(prefix.length());
                if (attempt.matches("[0-9]{1,9}") && Integer.parseInt(attempt) < currentAttempt) {
                    earlier.add(entry);
                }
            }
        }
        for (Path folder : earlier) {
            remove(folder);
        }
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
