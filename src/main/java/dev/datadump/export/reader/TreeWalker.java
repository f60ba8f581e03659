package dev.datadump.export.reader;

import com.sun.jna.Memory;
import dev.datadump.posix.Errno;
import dev.datadump.posix.FileStatus;
import dev.datadump.posix.Posix;
import dev.datadump.posix.PosixException;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Walks directory trees with the identity of the process it runs in and writes them in the
 * {@link ReaderProtocol} format. Every name is opened relative to its parent directory's
 * descriptor with {@code O_NOFOLLOW}, so a symlink is recorded as a symlink and never followed,
 * and the kernel's permission checks decide what can be read.
 */
final class TreeWalker {

    // Known limitation: directories nested deeper than this are skipped (and listed in the manifest),
    // because the walk keeps one descriptor open per level and a process has 1024 by default.
    static final int MAX_DEPTH = 256;

    private static final int BLOCK_SIZE = 64 * 1024;

    private final DataOutputStream out;
    private final List<byte[]> excludedPaths;
    private final Pattern excludedNames;
    private final Memory buffer = new Memory(BLOCK_SIZE);
    private final byte[] transfer = new byte[BLOCK_SIZE];

    /**
     * Creates a walker. {@code excludedPaths} (absolute) and entries whose name matches
     * {@code excludedNames} (null for none) are recorded as excluded, not read.
     */
    TreeWalker(DataOutputStream out, List<byte[]> excludedPaths, Pattern excludedNames) {
        this.out = out;
        this.excludedPaths = excludedPaths;
        this.excludedNames = excludedNames;
    }

    /** Writes the ROOT record for {@code index} and everything under {@code root}. */
    void walkRoot(int index, ReaderRoot root) throws IOException {
        out.writeByte(ReaderProtocol.ROOT);
        out.writeInt(index);

        byte[] rootBytes = stripTrailingSlashes(root.path().getBytes(StandardCharsets.UTF_8));
        int fd;
        try {
            if (root.isMaildir()) {
                fd = openMaildir(root);
            } else {
                fd = Posix.openAt(Posix.AT_FDCWD, Posix.terminated(rootBytes),
                        Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_NOFOLLOW, 0, root.path());
            }
        } catch (PosixException e) {
            skipped(new byte[0], reasonFor(e, "directory"));
            return;
        } catch (MaildirRejectedException e) {
            skipped(new byte[0], e.getMessage());
            return;
        }
        try {
            FileStatus status = Posix.fstat(fd, root.path());
            writeHeader(ReaderProtocol.DIRECTORY, new byte[0], status);
            walkDirectory(fd, new byte[0], rootBytes, 1);
        } finally {
            Posix.closeQuietly(fd);
        }
    }

    /**
     * Opens a maildir root with the owner check against this process's own uid: the engine chose
     * that uid as the maildir's owner, and the path may have changed since it looked.
     */
    private static int openMaildir(ReaderRoot root) throws MaildirRejectedException {
        return MaildirWalk.open(root.mailHome(), root.maildir(), Posix.effectiveUid()).fd();
    }

    private void walkDirectory(int dirfd, byte[] relative, byte[] absolute, int depth) throws IOException {
        List<byte[]> names;
        try {
            int listing = Posix.openAt(dirfd, Posix.terminated(new byte[] {'.'}), Posix.O_RDONLY | Posix.O_DIRECTORY, 0,
                    printable(absolute));
            names = Posix.listAndClose(listing, printable(absolute));
        } catch (PosixException e) {
            skipped(relative, "cannot list the directory: " + reasonFor(e, "directory"));
            return;
        }
        // Known limitation: a directory's names are held in memory to sort them, so a single directory
        // with several million entries can exhaust the reader's 256 MiB heap and fail the export.
        names.sort(Arrays::compareUnsigned);

        for (byte[] name : names) {
            byte[] childRelative = relative.length == 0 ? name : join(relative, name);
            byte[] childAbsolute = join(absolute, name);
            if (isExcluded(childAbsolute)) {
                out.writeByte(ReaderProtocol.EXCLUDED);
                writeBytes(childRelative);
                out.writeUTF("destination directory of this export");
                continue;
            }
            if (isEarlierArchive(name)) {
                out.writeByte(ReaderProtocol.EXCLUDED);
                writeBytes(childRelative);
                out.writeUTF("archive of an earlier export");
                continue;
            }
            visit(dirfd, name, childRelative, childAbsolute, depth);
        }
    }

    private void visit(int dirfd, byte[] name, byte[] relative, byte[] absolute, int depth) throws IOException {
        byte[] cName = Posix.terminated(name);
        String forMessages = printable(absolute);
        FileStatus status;
        try {
            status = Posix.lstatAt(dirfd, cName, forMessages);
        } catch (PosixException e) {
            skipped(relative, reasonFor(e, "file"));
            return;
        }

        if (status.isSymbolicLink()) {
            try {
                byte[] target = Posix.readLinkAt(dirfd, cName, forMessages);
                writeHeader(ReaderProtocol.SYMLINK, relative, status);
                writeBytes(target);
            } catch (PosixException e) {
                skipped(relative, reasonFor(e, "symbolic link"));
            }
        } else if (status.isDirectory()) {
            visitDirectory(dirfd, cName, relative, absolute, depth, forMessages);
        } else if (status.isRegularFile()) {
            visitFile(dirfd, cName, relative, forMessages);
        } else {
            skipped(relative, status.typeName() + "; only regular files, directories and symbolic links are archived");
        }
    }

    private void visitDirectory(int dirfd, byte[] cName, byte[] relative, byte[] absolute, int depth,
                                String forMessages) throws IOException {
        if (depth >= MAX_DEPTH) {
            skipped(relative, "directory nested deeper than " + MAX_DEPTH + " levels");
            return;
        }
        int fd;
        try {
            fd = Posix.openAt(dirfd, cName, Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_NOFOLLOW, 0, forMessages);
        } catch (PosixException e) {
            skipped(relative, reasonFor(e, "directory"));
            return;
        }
        try {
            writeHeader(ReaderProtocol.DIRECTORY, relative, Posix.fstat(fd, forMessages));
            walkDirectory(fd, relative, absolute, depth + 1);
        } finally {
            Posix.closeQuietly(fd);
        }
    }

    private void visitFile(int dirfd, byte[] cName, byte[] relative, String forMessages) throws IOException {
        // O_NONBLOCK keeps a FIFO swapped in after the lstat from blocking the open.
        int fd;
        try {
            fd = Posix.openAt(dirfd, cName, Posix.O_RDONLY | Posix.O_NOFOLLOW | Posix.O_NONBLOCK, 0, forMessages);
        } catch (PosixException e) {
            skipped(relative, reasonFor(e, "file"));
            return;
        }
        try {
            FileStatus status = Posix.fstat(fd, forMessages);
            if (!status.isRegularFile()) {
                skipped(relative, "replaced by a " + status.typeName() + " while the export ran");
                return;
            }
            writeHeader(ReaderProtocol.FILE, relative, status);
            out.writeLong(status.size());
            out.writeUTF(copyContent(fd, status.size(), forMessages));
        } finally {
            Posix.closeQuietly(fd);
        }
    }

    /**
     * Writes exactly {@code size} bytes of the file: a file that grew is cut at {@code size},
     * one that shrank or failed to read is padded with zero bytes (as GNU tar does). Returns
     * "" when the content is sound, else a note that describes what happened.
     */
    private String copyContent(int fd, long size, String forMessages) throws IOException {
        long remaining = size;
        String note = "";
        while (remaining > 0) {
            int read;
            try {
                read = Posix.read(fd, buffer, (int) Math.min(BLOCK_SIZE, remaining), forMessages);
            } catch (PosixException e) {
                note = "read failed after " + (size - remaining) + " of " + size + " bytes ("
                        + e.getMessage() + "); the rest is zero-filled";
                break;
            }
            if (read == 0) {
                note = "shrank by " + remaining + " bytes while the export ran; the rest is zero-filled";
                break;
            }
            buffer.read(0, transfer, 0, read);
            out.write(transfer, 0, read);
            remaining -= read;
        }

        Arrays.fill(transfer, (byte) 0);
        while (remaining > 0) {
            int length = (int) Math.min(transfer.length, remaining);
            out.write(transfer, 0, length);
            remaining -= length;
        }
        return note;
    }

    private void writeHeader(byte kind, byte[] relative, FileStatus status) throws IOException {
        out.writeByte(kind);
        writeBytes(relative);
        out.writeInt(status.mode());
        out.writeInt(status.uid());
        out.writeInt(status.gid());
        out.writeLong(status.mtimeSeconds());
    }

    private void skipped(byte[] relative, String reason) throws IOException {
        out.writeByte(ReaderProtocol.SKIPPED);
        writeBytes(relative);
        out.writeUTF(reason);
    }

    private void writeBytes(byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private boolean isEarlierArchive(byte[] name) {
        // Login names are ASCII, so reading the bytes as ISO-8859-1 matches them exactly.
        return excludedNames != null
                && excludedNames.matcher(new String(name, StandardCharsets.ISO_8859_1)).matches();
    }

    private boolean isExcluded(byte[] absolute) {
        for (byte[] excluded : excludedPaths) {
            if (Arrays.equals(excluded, absolute)) {
                return true;
            }
        }
        return false;
    }

    private static String reasonFor(PosixException e, String kind) {
        return switch (e.errno()) {
            case Errno.EACCES, Errno.EPERM -> "permission denied";
            case Errno.ENOENT -> "vanished while the export ran";
            case Errno.ELOOP -> "replaced by a symbolic link while the export ran";
            case Errno.ENOTDIR -> "replaced by a non-directory while the export ran";
            default -> "cannot read the " + kind + ": " + e.getMessage();
        };
    }

    private static byte[] join(byte[] parent, byte[] name) {
        byte[] joined = Arrays.copyOf(parent, parent.length + 1 + name.length);
        joined[parent.length] = '/';
        System.arraycopy(name, 0, joined, parent.length + 1, name.length);
        return joined;
    }

    static byte[] stripTrailingSlashes(byte[] path) {
        int length = path.length;
        while (length > 1 && path[length - 1] == '/') {
            length--;
        }
        return Arrays.copyOf(path, length);
    }

    private static String printable(byte[] path) {
        return new String(path, StandardCharsets.UTF_8);
    }
}
