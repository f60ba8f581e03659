package dev.datadump.export;

import dev.datadump.model.Customer;
import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;
import dev.datadump.model.MailAccount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one export of web files and maildirs outside the job store, for benchmarks and manual
 * checks of the engine (no databases). Usage:
 * <pre>
 * java -cp datadump.jar dev.datadump.export.ExportOnce --data-dir DIR --login NAME --uid N --gid N
 *     --document-root DIR --destination DIR [--mail-home DIR --maildir PATH]... [--key FILE]
 * </pre>
 * Prints the archive's name, size, SHA-256, file count and bytes read; exits 0 on success,
 * 1 when the export fails, 2 on bad arguments.
 */
public final class ExportOnce {

    private ExportOnce() {
    }

    public static void main(String[] args) throws IOException {
        Path dataDirectory = null;
        String login = null;
        int uid = -1;
        int gid = -1;
        String documentRoot = null;
        String destination = null;
        String key = null;
        String mailHome = null;
        List<MailAccount> mailAccounts = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--data-dir" -> dataDirectory = Path.of(value);
                case "--login" -> login = value;
                case "--uid" -> uid = Integer.parseInt(value);
                case "--gid" -> gid = Integer.parseInt(value);
                case "--document-root" -> documentRoot = value;
                case "--destination" -> destination = value.endsWith("/") ? value : value + "/";
                case "--key" -> key = Files.readString(Path.of(value), StandardCharsets.US_ASCII);
                case "--mail-home" -> mailHome = value;
                case "--maildir" -> mailAccounts.add(new MailAccount(mailAccounts.size() + 1, 1, mailHome, value));
                default -> usage("unknown option " + args[i]);
            }
        }
        if (dataDirectory == null || login == null || uid < 0 || gid < 0 || documentRoot == null || destination == null
                || (args.length % 2) != 0) {
            usage("--data-dir, --login, --uid, --gid, --document-root and --destination are required");
        }

        Customer customer = new Customer(1, login, documentRoot, uid, gid, 1, false, true, Customer.DEFAULT_NODE);
        long now = System.currentTimeMillis();
        Job job = new Job(1, 1, Customer.DEFAULT_NODE, "", destination, key, false, !mailAccounts.isEmpty(), true,
                JobStatus.RUNNING, now, now, null, 1, "export-once", null, false, null, null, null, null, null);
        ExportEngine engine = new PipelineExportEngine(ExportSettings.defaults(dataDirectory));
        try {
            ExportResult result = engine.export(new ExportRequest(job, customer, List.of(), mailAccounts, Map.of()),
                    Cancellation.NEVER, ExportProgress.NONE);
            System.out.printf("archive=%s size=%d sha256=%s files=%d bytes_in=%d warnings=%d%n", result.archiveName(),
                    result.size(), result.sha256(), result.files(), result.bytesIn(), result.warnings().size());
        } catch (ExportFailedException | ExportCancelledException e) {
            System.err.println("export failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        System.err.println("ExportOnce: " + problem + "\nusage: ExportOnce --data-dir DIR --login NAME --uid N --gid N "
                + "--document-root DIR --destination DIR [--mail-home DIR --maildir PATH]... [--key FILE]");
        System.exit(2);
    }
}
