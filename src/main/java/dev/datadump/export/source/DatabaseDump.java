package dev.datadump.export.source;

import dev.datadump.export.Cancellation;
import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.ExportFailedException;
import dev.datadump.model.DatabaseServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the server's dump tool ({@code mariadb-dump} or {@code mysqldump}) for one database and
 * writes the dump into a file. The credentials stay in the server's option file, which is
 * passed with {@code --defaults-extra-file}; they never appear on a command line.
 */
public final class DatabaseDump {

    private static final int STDERR_LIMIT = 2000;
    private static final long POLL_MILLIS = 200;

    private final Path dumpCommand;

    public DatabaseDump(Path dumpCommand) {
        this.dumpCommand = dumpCommand;
    }

    /** Returns the dump tool's arguments for {@code database}, without the command itself. */
    static List<String> arguments(DatabaseServer server, String database) {
        return List.of(
                "--defaults-extra-file=" + server.defaultsFile(),
                "--single-transaction",
                "--routines",
                "--triggers",
                "--events",
                "--hex-blob",
                "--add-drop-table",
                "--add-locks",
                "--create-options",
                "--quick",
                "--set-charset",
                "--default-character-set=utf8mb4",
                "--tz-utc",
                "--no-tablespaces",
                "--max-allowed-packet=1G",
                "--",
                database);
    }

    /**
     * Dumps {@code database} into {@code target}, which must exist and be empty. Checks for a
     * cancel every {@value #POLL_MILLIS} ms and kills the tool when one comes.
     *
     * @throws ExportFailedException naming the database and quoting the tool's error output
     */
    public void dump(DatabaseServer server, String database, Path target, Cancellation cancellation)
            throws ExportFailedException, ExportCancelledException, IOException {
        if (!Files.isExecutable(dumpCommand)) {
            throw new ExportFailedException("the database dump tool " + dumpCommand + " is missing or not executable; "
                    + "install mariadb-client (or mysql-client) or set the engine's dump command");
        }

        List<String> command = new java.util.ArrayList<>();
        command.add(dumpCommand.toString());
        command.addAll(arguments(server, database));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(target.toFile());
        Process process = builder.start();

        DumpStderr stderr = new DumpStderr(process.getErrorStream());
        stderr.start();
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                cancellation.check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportCancelledException("the export thread was interrupted while dumping database " + database);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }

        if (process.exitValue() != 0) {
            throw new ExportFailedException("dumping database " + database + " on server " + server.id()
                    + " failed (" + dumpCommand.getFileName() + " exit code " + process.exitValue() + "): "
                    + stderr.text());
        }
    }

    /** Keeps the first part of a process's standard error for the failure message. */
    private static final class DumpStderr extends Thread {

        private final InputStream in;
        private volatile String text = "";

        DumpStderr(InputStream in) {
            super("dump-stderr");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            try {
                byte[] all = in.readAllBytes();
                String message = new String(all, StandardCharsets.UTF_8).trim();
                text = message.length() > STDERR_LIMIT ? message.substring(0, STDERR_LIMIT) + " [...]" : message;
            } catch (IOException e) {
                text = "(error output could not be read: " + e.getMessage() + ")";
            }
        }

        String text() {
            try {
                join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return text.isEmpty() ? "(no message)" : text;
        }
    }
}
