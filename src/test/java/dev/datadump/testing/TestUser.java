package dev.datadump.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.datadump.testing.Commands.check;

/** A Unix user and its own group, created for a test with useradd and removed by {@link #close()}. */
public record TestUser(String name, int uid, int gid) implements AutoCloseable {

    /** Creates a user without home directory whose name is {@code prefix} followed by a unique suffix. */
    public static TestUser create(String prefix) throws IOException {
        String name = prefix + Long.toHexString(System.nanoTime() & 0xffffffL);
        check("useradd", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", name);
        int uid = Integer.parseInt(check("id", "-u", name).trim());
        int gid = Integer.parseInt(check("id", "-g", name).trim());
        return new TestUser(name, uid, gid);
    }

    /** Gives {@code path} and everything below it to this user and group, without following links. */
    public void chownTree(Path path) throws IOException {
        check("chown", "-R", "--no-dereference", uid + ":" + gid, path.toString());
    }

    @Override
    public void close() throws IOException {
        Commands.run(List.of("userdel", name), null, Map.of());
    }
}
