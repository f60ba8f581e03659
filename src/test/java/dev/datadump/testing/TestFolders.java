package dev.datadump.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/** Temporary folders that the test users can enter, and their removal. */
public final class TestFolders {

    private TestFolders() {
    }

    /** Creates a temporary folder that every user may enter (mode 0755). */
    public static Path openTemporaryFolder(String prefix) throws IOException {
        Path folder = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        return folder;
    }

    /** Removes a folder tree without following links or crossing into other file systems; null is ignored. */
    public static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Commands.run(List.of("rm", "-rf", "--one-file-system", "--", root.toString()), null, Map.of());
    }
}
