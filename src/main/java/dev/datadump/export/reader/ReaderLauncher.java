package dev.datadump.export.reader;

import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts reader processes: {@code setpriv} drops to the reader's uid and gid with no
 * supplementary groups and no way to regain privileges, then runs {@link ReaderMain} from the
 * engine's jar. No shell is involved; every argument is passed as it is.
 */
public final class ReaderLauncher {

    private static final String JNA_LIBRARY = "libjnidispatch.so";
    private static final String READER_JAR = "datadump-reader.jar";

    private final Path setpriv;
    private final Path javaCommand;
    private final Path classPath;
    private final Path nativeLibraryDirectory;

    /**
     * Creates a launcher. The root-owned {@code nativeLibraryDirectory} receives JNA's native
     * library, so the reader never unpacks native code into a folder that other users can write
     * to, and a copy of {@code classPath} when that is a jar, so the reader runs even when the
     * installed jar lies in a folder customers cannot enter (a checkout under /root, say).
     */
    public ReaderLauncher(Path setpriv, Path javaCommand, Path classPath, Path nativeLibraryDirectory) {
        this.setpriv = setpriv;
        this.javaCommand = javaCommand;
        this.classPath = classPath;
        this.nativeLibraryDirectory = nativeLibraryDirectory;
    }

    /**
     * Starts a reader with {@code identity} over {@code roots}, leaving out {@code excludedPaths}
     * and entries whose name matches {@code excludedNamePattern} (null for none).
     */
    public Process start(ReaderIdentity identity, List<ReaderRoot> roots, List<String> excludedPaths,
                         String excludedNamePattern)
            throws IOException {
        installNativeLibrary();
        Path readerClassPath = installReaderJar();
        checkReadableByOthers(nativeLibraryDirectory.resolve(JNA_LIBRARY));
        checkReadableByOthers(readerClassPath);

        List<String> command = new ArrayList<>(List.of(
                setpriv.toString(),
                "--reuid=" + identity.uid(),
                "--regid=" + identity.gid(),
                "--clear-groups",
                "--no-new-privs",
                "--",
                javaCommand.toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-Djna.boot.library.path=" + nativeLibraryDirectory,
                "-Djna.nounpack=true",
                "-cp",
                readerClassPath.toString(),
                ReaderMain.class.getName()));
        for (String excluded : excludedPaths) {
            command.add("--exclude");
            command.add(excluded);
        }
        if (excludedNamePattern != null) {
            command.add("--exclude-names");
            command.add(excludedNamePattern);
        }
        for (ReaderRoot root : roots) {
            command.addAll(root.arguments());
        }

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Path.of("/").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("LANG", "C.UTF-8");
        return builder.start();
    }

    /**
     * Checks that every user may read {@code path} (mode o+r) and enter each folder above it
     * (o+x), because the reader runs as a customer. Throws with the path that blocks them.
     */
    private static void checkReadableByOthers(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        if (!Files.getPosixFilePermissions(absolute).contains(PosixFilePermission.OTHERS_READ)) {
            throw new IOException(absolute + " is not readable by other users (mode o+r), but the reader process "
                    + "runs as the customer and needs it; make it readable, for example with mode 0644");
        }
        for (Path folder = absolute.getParent(); folder != null; folder = folder.getParent()) {
            if (!Files.getPosixFilePermissions(folder).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException("folder " + folder + " cannot be entered by other users (mode o+x), but the "
                        + "reader process runs as the customer and needs to reach " + absolute
                        + "; give the folder mode 0755 or 0711");
            }
        }
    }

    /**
     * Copies the engine's jar into the root-owned directory, mode 0644, unless a copy of the
     * same size and modification time is there, and returns the class path the reader runs
     * from. A class path that is a folder (tests run from compiled classes) is used as it is.
     */
    private synchronized Path installReaderJar() throws IOException {
        if (!Files.isRegularFile(classPath)) {
            return classPath;
        }
        Path target = nativeLibraryDirectory.resolve(READER_JAR);
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                && Files.size(target) == Files.size(classPath)
                && Files.getLastModifiedTime(target, LinkOption.NOFOLLOW_LINKS).equals(Files.getLastModifiedTime(classPath))) {
            return target;
        }

        createLibraryDirectory();
        Path temporary = Files.createTempFile(nativeLibraryDirectory, ".datadump-reader", ".tmp");
        try {
            Files.copy(classPath, temporary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }

    private void createLibraryDirectory() throws IOException {
        Files.createDirectories(nativeLibraryDirectory);
        Files.setPosixFilePermissions(nativeLibraryDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Copies JNA's native library for this platform into the root-owned directory, mode 0644,
     * unless an identical copy is there.
     */
    private synchronized void installNativeLibrary() throws IOException {
        Path target = nativeLibraryDirectory.resolve(JNA_LIBRARY);
        String resource = "/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + JNA_LIBRARY;
        byte[] library;
        try (InputStream in = Native.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("JNA's native library " + resource + " is missing from the class path");
            }
            library = in.readAllBytes();
        }
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                && java.util.Arrays.equals(Files.readAllBytes(target), library)) {
            return;
        }

        createLibraryDirectory();
        Path temporary = Files.createTempFile(nativeLibraryDirectory, ".jnidispatch", ".tmp");
        try {
            Files.write(temporary, library);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
