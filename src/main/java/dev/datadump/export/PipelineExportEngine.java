package dev.datadump.export;

import dev.datadump.export.archive.ArchiveWriter;
import dev.datadump.export.archive.GzipCompression;
import dev.datadump.export.archive.HashingOutputStream;
import dev.datadump.export.archive.Manifest;
import dev.datadump.export.archive.OpenPgpEncryption;
import dev.datadump.export.archive.OutputStage;
import dev.datadump.export.destination.ArchivePlacement;
import dev.datadump.export.destination.Destination;
import dev.datadump.export.reader.ReaderIdentity;
import dev.datadump.export.reader.ReaderLauncher;
import dev.datadump.export.reader.ReaderRun;
import dev.datadump.export.source.ArchiveSource;
import dev.datadump.export.source.DatabaseDump;
import dev.datadump.export.source.DatabaseSource;
import dev.datadump.export.source.MailSource;
import dev.datadump.export.source.WebSource;
import dev.datadump.model.Customer;
import dev.datadump.model.Job;
import dev.datadump.pgp.EncryptionKeys;
import dev.datadump.pgp.InvalidKeyException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The export engine: streams the customer's data in one pass through the stages
 * sources -> tar -> gzip -> OpenPGP (when the job has a key) -> file in private staging, then
 * hands the finished archive over into the destination. Customer files are read by reader
 * processes that run with the customer's (or the maildir owner's) uid and gid. Thread-safe:
 * every export works in its own staging folder.
 */
public final class PipelineExportEngine implements ExportEngine {

    private static final Logger log = LoggerFactory.getLogger(PipelineExportEngine.class);
    private static final int FILE_BUFFER_SIZE = 256 * 1024;

    private final ExportSettings settings;
    private final StagingArea staging;
    private final ReaderRun readerRun;
    private final DatabaseDump databaseDump;

    public PipelineExportEngine(ExportSettings settings) {
        this.settings = settings;
        this.staging = new StagingArea(settings.stagingDirectory());
        this.readerRun = new ReaderRun(new ReaderLauncher(settings.setpriv(), settings.javaCommand(),
                settings.readerClassPath(), settings.readerLibraryDirectory()));
        this.databaseDump = new DatabaseDump(settings.dumpCommand());
    }

    @Override
    public ExportResult export(ExportRequest request, Cancellation cancellation, ExportProgress progress)
            throws ExportFailedException, ExportCancelledException {
        Job job = request.job();
        String label = "job " + job.id() + " (customer " + request.customer().loginName() + ")";
        long startNanos = System.nanoTime();
        log.info("{}: export started: web={}, mail={}, databases={}, encrypted={}, destination {}", label,
                job.dumpWeb(), job.dumpMail(), job.dumpDbs(), job.encrypted(), job.destdir());
        try {
            ExportResult result = run(request, cancellation, progress, label);
            long millis = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000);
            log.info("{}: export done: archive {}, {} bytes, {} files, {} bytes read in {} ms ({} MB/s), {} warnings",
                    label, result.archiveName(), result.size(), result.files(), result.bytesIn(), millis,
                    String.format("%.1f", result.bytesIn() / 1000.0 / millis), result.warnings().size());
            return result;
        } catch (ExportFailedException e) {
            log.info("{}: export failed after {} ms: {}", label, (System.nanoTime() - startNanos) / 1_000_000,
                    e.getMessage());
            throw e;
        } catch (ExportCancelledException e) {
            log.info("{}: export cancelled after {} ms: {}", label, (System.nanoTime() - startNanos) / 1_000_000,
                    e.getMessage());
            throw e;
        }
    }

    @Override
    public void cleanUpAfterCrash(ExportRequest request) {
        Job job = request.job();
        Customer customer = request.customer();
        try {
            staging.removeEarlierAttempts(job.id(), job.attempts());
        } catch (IOException e) {
            log.warn("job {}: cannot remove the staging folders of its earlier attempts in {}: {}", job.id(),
                    staging.root(), e.getMessage());
        }
        try (Destination destination = Destination.open(Path.of(customer.documentRoot()), Path.of(job.destdir()),
                customer.uid(), customer.gid(), false)) {
            if (destination != null) {
                new ArchivePlacement(destination, job.id(), customer.uid(), customer.gid()).removeTemporaryNames();
            }
        } catch (ExportFailedException e) {
            log.warn("job {}: cannot check its destination for leftovers: {}", job.id(), e.getMessage());
        }
    }

    private ExportResult run(ExportRequest request, Cancellation cancellation, ExportProgress progress, String label)
            throws ExportFailedException, ExportCancelledException {
        Job job = request.job();
        Customer customer = request.customer();
        ZonedDateTime start = ZonedDateTime.now(settings.clock());
        if (customer.uid() == 0 || customer.gid() == 0) {
            throw new ExportFailedException("customer " + customer.loginName() + " has uid " + customer.uid()
                    + " and gid " + customer.gid() + "; exports read files only with an unprivileged identity");
        }
        Path documentRoot = Path.of(customer.documentRoot()).normalize();
        Path destinationPath = Path.of(job.destdir()).normalize();
        PGPPublicKey key = job.encrypted() ? selectKey(job) : null;

        cancellation.check();
        staging.prepare();
        checkStagingOutside(documentRoot);
        Path folder;
        try {
            folder = staging.createJobFolder(job.id(), job.attempts());
        } catch (IOException e) {
            throw new ExportFailedException("cannot create the staging folder for job " + job.id() + " in "
                    + staging.root() + ": " + e.getMessage(), e);
        }

        try (Destination destination = Destination.open(documentRoot, destinationPath, customer.uid(), customer.gid(),
                true)) {
            checkFreeSpace(fileStore(folder), "staging directory " + staging.root());
            checkFreeSpace(destinationStore(destination), "destination " + destinationPath);

            List<OutputStage> stages = new ArrayList<>();
            stages.add(new GzipCompression(settings.gzipLevel()));
            String suffix = ".tar" + stages.get(0).fileNameSuffix();
            if (key != null) {
                stages.add(new OpenPgpEncryption(key, customer.loginName() + "-export.tar.gz"));
                suffix += stages.get(1).fileNameSuffix();
            }
            List<String> names = ArchiveNames.candidates(customer.loginName(), start, suffix);

            Path staged = folder.resolve("archive");
            List<ArchiveSource> sources = sources(request, folder, destinationPath);
            Built built = build(staged, folder, stages, sources, customer, cancellation, progress, label);

            progress.archiveComplete();
            cancellation.check();
            String name;
            try {
                name = new ArchivePlacement(destination, job.id(), customer.uid(), customer.gid())
                        .place(folder, staged.getFileName().toString(), built.sha256, names, cancellation);
            } catch (IOException e) {
                throw new ExportFailedException("cannot place the archive in " + destinationPath + ": "
                        + e.getMessage(), e);
            }
            return new ExportResult(name, built.size, built.sha256, built.writer.warnings(), built.writer.files(),
                    built.writer.bytesIn());
        } finally {
            try {
                staging.removeJobFolder(job.id(), job.attempts());
            } catch (IOException e) {
                log.warn("{}: cannot remove the staging folder {}: {}; it is removed when the job runs again", label,
                        folder, e.getMessage());
            }
        }
    }

    private record Built(ArchiveWriter writer, String sha256, long size) {
    }

    /** Streams every source through the stages into {@code staged}, which is complete and synced on return. */
    private Built build(Path staged, Path folder, List<OutputStage> stages, List<ArchiveSource> sources,
                        Customer customer, Cancellation cancellation, ExportProgress progress, String label)
            throws ExportFailedException, ExportCancelledException {
        // The file is closed here as well: a stage whose close fails (no space for its trailer) skips closing what is below it.
        try (OutputStream file = Files.newOutputStream(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            HashingOutputStream hashing = new HashingOutputStream(new BufferedOutputStream(file, FILE_BUFFER_SIZE));
            OutputStream chain = hashing;
            for (int i = stages.size() - 1; i >= 0; i--) {
                chain = stages.get(i).open(chain);
            }

            ArchiveWriter writer;
            Manifest manifest = new Manifest(folder.resolve("manifest.tsv"));
            try (ArchiveWriter opened = new ArchiveWriter(chain, manifest, cancellation, progress, label)) {
                writer = opened;
                for (ArchiveSource source : sources) {
                    source.writeTo(writer, cancellation);
                }
                writer.finish(customer.uid(), customer.gid(), System.currentTimeMillis() / 1000);
            }

            try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            return new Built(writer, hashing.sha256(), Files.size(staged));
        } catch (IOException e) {
            if (isOutOfSpace(e)) {
                throw new OutOfSpaceException(describe(folder), "writing the archive", e);
            }
            throw new ExportFailedException("writing the archive failed: " + e.getMessage(), e);
        }
    }

    private List<ArchiveSource> sources(ExportRequest request, Path folder, Path destinationPath) {
        Job job = request.job();
        Customer customer = request.customer();
        List<ArchiveSource> sources = new ArrayList<>();
        if (job.dumpWeb()) {
            sources.add(new WebSource(readerRun, new ReaderIdentity(customer.uid(), customer.gid()),
                    Path.of(customer.documentRoot()).normalize().toString(), destinationPath.toString(),
                    ArchiveNames.earlierArchivePattern(customer.loginName())));
        }
        if (job.dumpMail() && !request.mailAccounts().isEmpty()) {
            sources.add(new MailSource(readerRun, request.mailAccounts()));
        }
        if (job.dumpDbs() && !request.databases().isEmpty()) {
            sources.add(new DatabaseSource(databaseDump, request.databases(), request.databaseServers(), folder,
                    customer.uid(), customer.gid()));
        }
        return sources;
    }

    private PGPPublicKey selectKey(Job job) throws ExportFailedException {
        try {
            return EncryptionKeys.select(job.pgpPublicKey(), settings.clock().instant());
        } catch (InvalidKeyException e) {
            throw new ExportFailedException("the job's OpenPGP key cannot be used: " + e.getMessage()
                    + "; add the export again with a usable key", e);
        }
    }

    private void checkStagingOutside(Path documentRoot) throws ExportFailedException {
        try {
            Path stagingReal = staging.root().toRealPath();
            Path rootReal = documentRoot.toRealPath();
            if (stagingReal.startsWith(rootReal) || rootReal.startsWith(stagingReal)) {
                throw new ExportFailedException("staging directory " + staging.root() + " and document root "
                        + documentRoot + " overlap; move the staging directory out of every customer's tree");
            }
        } catch (IOException e) {
            throw new ExportFailedException("cannot resolve the document root " + documentRoot + ": " + e.getMessage(), e);
        }
    }

    // Known limitation: before the export the archive's size is unknown, so this checks only a fixed
    // minimum; an export that needs more fails later with an out-of-space error and leaves nothing behind.
    private void checkFreeSpace(FileStore store, String role) throws ExportFailedException {
        try {
            long usable = store.getUsableSpace();
            if (usable < settings.minFreeBytes()) {
                throw new ExportFailedException("only " + usable + " bytes are free on " + store + " ("
                        + role + "); an export needs at least " + settings.minFreeBytes()
                        + " bytes free there to start; free space and add the job again");
            }
        } catch (IOException e) {
            throw new ExportFailedException("cannot read the free space of " + store + ": " + e.getMessage(), e);
        }
    }

    private static FileStore fileStore(Path path) throws ExportFailedException {
        try {
            return Files.getFileStore(path);
        } catch (IOException e) {
            throw new ExportFailedException("cannot find the file system of " + path + ": " + e.getMessage(), e);
        }
    }

    private static FileStore destinationStore(Destination destination) throws ExportFailedException {
        try {
            return destination.fileStore();
        } catch (IOException e) {
            throw new ExportFailedException("cannot find the file system of " + destination.path() + ": "
                    + e.getMessage(), e);
        }
    }

    private static String describe(Path path) {
        try {
            return Files.getFileStore(path).toString();
        } catch (IOException e) {
            return path.toString();
        }
    }

    /** Returns true when {@code e} or one of its causes reports a full file system or exceeded quota. */
    static boolean isOutOfSpace(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof dev.datadump.posix.PosixException posix
                    && dev.datadump.posix.Errno.isOutOfSpace(posix.errno())) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (isOutOfSpace(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }
}
