package dev.datadump.export.source;

import dev.datadump.export.Cancellation;
import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.ExportFailedException;
import dev.datadump.model.DatabaseServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    private static final int BLOCK_SIZE = 64 * 1024;
    private static final long IDLE_MILLIS = 20;

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
     * Dumps {@code database} into {@code target}, which must exist. Checks for a cancel while
     * the dump runs and kills the tool when one comes. An empty dump is a failure.
     *
     * @throws ExportFailedException naming the database and quoting the tool's error output
     */
    public void dump(DatabaseServer server, String database, Path target, Cancellation cancellation)
            throws ExportFailedException, ExportCancelledException, IOException {
        if (!Files.isExecutable(dumpCommand)) {
            throw new ExportFailedException("the database dump tool " + dumpCommand + " is missing or not executable; "
                    + "install mariadb-client (or mysql-client) or set the engine's dump command");
        }
        String optionFileProblem = OptionFileCheck.problem(Path.of(server.defaultsFile()));
        if (optionFileProblem != null) {
            throw new ExportFailedException("cannot dump database " + database + " of server " + server.id() + ": "
                    + optionFileProblem);
        }

        List<String> command = new java.util.ArrayList<>();
        command.add(dumpCommand.toString());
        command.addAll(arguments(server, database));
        // The dump comes through a pipe, not straight into the file: if the worker dies, the
        // tool's next write fails and it ends instead of dumping on into staging.
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process process = builder.start();

        DumpStderr stderr = new DumpStderr(process.getErrorStream());
        stderr.start();
        long written;
        try (InputStream dump = process.getInputStream();
             OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            written = copy(process, dump, out, cancellation);
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
        if (written == 0) {
            throw new ExportFailedException("dumping database " + database + " on server " + server.id()
                    + " produced no output although " + dumpCommand.getFileName() + " reported success; check the "
                    + "option file " + server.defaultsFile() + " for options such as result-file");
        }
    }

    /**
     * Copies the dump into the file and returns the bytes copied. Reads only what the pipe
     * holds, so a cancel is noticed within {@value #IDLE_MILLIS} ms even while the tool is
     * silent (waiting for a lock, say).
     */
    private static long copy(Process process, InputStream dump, OutputStream out, Cancellation cancellation)
            throws IOException, ExportCancelledException, InterruptedException {
        byte[] block = new byte[BLOCK_SIZE];
        long total = 0;
        while (true) {
            int available = dump.available();
            if (available > 0) {
                int read = dump.read(block, 0, Math.min(available, block.length));
                out.write(block, 0, read);
                total += read;
            } else if (!process.isAlive()) {
                int read;
                while ((read = dump.read(block)) >= 0) {
                    out.write(block, 0, read);
                    total += read;
                }
                return total;
            } else {
                Thread.sleep(IDLE_MILLIS);
            }
            cancellation.check();
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
