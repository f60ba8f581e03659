package dev.datadump.export.destination;

import dev.datadump.export.ExportFailedException;
import dev.datadump.posix.Errno;
import dev.datadump.posix.FileStatus;
import dev.datadump.posix.Posix;
import dev.datadump.posix.PosixException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open descriptor on the job's destination directory, reached from the document root one
 * component at a time with {@code openat(O_NOFOLLOW|O_DIRECTORY)}. Every component from the
 * document root down must be a real directory owned by the customer or by root; missing ones
 * are created with {@code mkdirat} and given to the customer with {@code fchown}. Work through
 * {@link #fd()} cannot be redirected by a symlink swapped into the path later. Close it.
 */
public final class Destination implements AutoCloseable {

    // Known limitation: the customer owns the destination and may rename it, while the export runs, to
    // another place on the same file system where they can write. The archive then goes there, owned by
    // the customer, which gives them nothing they could not do themselves.
    private final Path path;
    private final int fd;

    private Destination(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Opens the destination {@code destination} inside {@code documentRoot}, creating missing
     * directories (mode 0700, owned by {@code uid}/{@code gid}) when {@code create} is true.
     *
     * @return the open destination, or null when {@code create} is false and a component is missing
     * @throws ExportFailedException when a component is a symlink, not a directory, or owned by someone else
     */
    public static Destination open(Path documentRoot, Path destination, int uid, int gid, boolean create)
            throws ExportFailedException {
        List<String> components = components(documentRoot, destination);

        int fd;
        try {
            fd = Posix.open(documentRoot.toString(), Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_NOFOLLOW);
        } catch (PosixException e) {
            throw new ExportFailedException("cannot open the document root " + documentRoot + ": " + e.getMessage()
                    + (e.errno() == Errno.ELOOP ? " (the document root must not be a symbolic link)" : ""), e);
        }

        Path reached = documentRoot;
        try {
            checkOwner(fd, reached, uid);
            for (String component : components) {
                reached = reached.resolve(component);
                int next = openOrCreate(fd, component, reached, uid, gid, create);
                Posix.closeQuietly(fd);
                fd = next;
                if (fd < 0) {
                    return null;
                }
                checkOwner(fd, reached, uid);
            }
            return new Destination(destination, fd);
        } catch (ExportFailedException | RuntimeException e) {
            Posix.closeQuietly(fd);
            throw e;
        }
    }

    private static int openOrCreate(int parent, String component, Path reached, int uid, int gid, boolean create)
            throws ExportFailedException {
        byte[] name = Posix.path(component);
        int flags = Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_NOFOLLOW;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return Posix.openAt(parent, name, flags, 0, reached.toString());
            } catch (PosixException e) {
                if (e.errno() == Errno.ELOOP || e.errno() == Errno.ENOTDIR) {
                    throw new ExportFailedException("destination path component " + reached
                            + " is a symbolic link or not a directory; remove or rename it, then add the job again", e);
                }
                if (e.errno() != Errno.ENOENT) {
                    throw new ExportFailedException("cannot open destination path component " + reached + ": "
                            + e.getMessage(), e);
                }
            }
            if (!create) {
                return -1;
            }
            try {
                Posix.mkdirAt(parent, name, 0700, reached.toString());
            } catch (PosixException e) {
                if (e.errno() == Errno.EEXIST) {
                    continue;
                }
                throw new ExportFailedException("cannot create destination directory " + reached + ": "
                        + e.getMessage(), e);
            }
            try {
                int created = Posix.openAt(parent, name, flags, 0, reached.toString());
                // The service created it, so it belongs to root unless something else was renamed into its place.
                if (Posix.fstat(created, reached.toString()).uid() != 0) {
                    Posix.closeQuietly(created);
                    throw new ExportFailedException("destination directory " + reached + " was replaced while the "
                            + "export created it; try again later");
                }
                Posix.fchown(created, uid, gid, reached.toString());
                return created;
            } catch (PosixException e) {
                throw new ExportFailedException("cannot open the new destination directory " + reached + ": "
                        + e.getMessage(), e);
            }
        }
        throw new ExportFailedException("destination directory " + reached + " keeps changing while the export "
                + "creates it; try again later");
    }

    private static void checkOwner(int fd, Path reached, int uid) throws ExportFailedException {
        FileStatus status;
        try {
            status = Posix.fstat(fd, reached.toString());
        } catch (PosixException e) {
            throw new ExportFailedException("cannot inspect " + reached + ": " + e.getMessage(), e);
        }
        if (status.uid() != uid && status.uid() != 0) {
            throw new ExportFailedException("destination path component " + reached + " is owned by uid " + status.uid()
                    + ", not by the customer (uid " + uid + ") or root; the export does not write there");
        }
    }

    /** Returns the components of {@code destination} below {@code documentRoot}; at least one. */
    static List<String> components(Path documentRoot, Path destination) throws ExportFailedException {
        Path root = documentRoot.normalize();
        Path target = destination.normalize();
        if (!root.isAbsolute() || !target.isAbsolute() || !target.startsWith(root)) {
            throw new ExportFailedException("destination " + destination + " is not inside the document root "
                    + documentRoot + "; add the export again with a path inside the document root");
        }
        List<String> components = new ArrayList<>();
        for (Path component : root.relativize(target)) {
            String name = component.toString();
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("..") || name.equals(".")) {
                throw new ExportFailedException("destination " + destination + " contains a '" + name + "' segment");
            }
            components.add(name);
        }
        if (components.isEmpty()) {
            throw new ExportFailedException("destination " + destination + " is the document root itself; "
                    + "exports go into a folder inside it");
        }
        return components;
    }

    /** Returns the destination's path, for messages. */
    public Path path() {
        return path;
    }

    /** Returns the open directory descriptor; valid until {@link #close()}. */
    public int fd() {
        return fd;
    }

    /** Returns the path through which the open directory itself can be reached, whatever was renamed since. */
    Path descriptorPath() {
        return Path.of("/proc/self/fd/" + fd);
    }

    /** Returns the file system the destination lives on. */
    public FileStore fileStore() throws IOException {
        return Files.getFileStore(descriptorPath());
    }

    /** Returns true when {@code name} exists in the destination (a dangling symlink counts). */
    public boolean exists(String name) throws IOException {
        try {
            Posix.lstatAt(fd, Posix.path(name), path.resolve(name).toString());
            return true;
        } catch (PosixException e) {
            if (e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        }
    }

    /** Returns the names in the destination directory. */
    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(descriptorPath())) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        return names;
    }

    @Override
    public void close() {
        Posix.closeQuietly(fd);
    }
}
