package dev.datadump.export.source;

import dev.datadump.export.Cancellation;
import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.ExportFailedException;
import dev.datadump.export.archive.ArchiveWriter;
import dev.datadump.export.reader.MaildirRejectedException;
import dev.datadump.export.reader.MaildirWalk;
import dev.datadump.export.reader.ReaderIdentity;
import dev.datadump.export.reader.ReaderRoot;
import dev.datadump.export.reader.ReaderRun;
import dev.datadump.model.MailAccount;
import dev.datadump.posix.FileStatus;
import dev.datadump.posix.Posix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The customer's maildirs, each read with the uid and gid that own it and stored under
 * {@code mail/<maildir>/}, where {@code <maildir>} is the account's maildir path relative to
 * its home directory. One reader process runs per owning identity.
 *
 * <p>A maildir is skipped, with the reason in the manifest, when any component of its path from
 * {@code /} down is a symbolic link, or when the mail home or a directory below it on the way to
 * the maildir belongs to someone other than root and the maildir's owner. The owner is read with
 * {@code fstat} on the descriptor the link-free walk opened (see {@link MaildirWalk}), and the
 * reader repeats the walk and the owner check as that owner before it reads anything.
 */
public final class MailSource implements ArchiveSource {

    private final ReaderRun readerRun;
    private final List<MailAccount> accounts;

    public MailSource(ReaderRun readerRun, List<MailAccount> accounts) {
        this.readerRun = readerRun;
        this.accounts = accounts;
    }

    @Override
    public void writeTo(ArchiveWriter writer, Cancellation cancellation)
            throws IOException, ExportFailedException, ExportCancelledException {
        Map<ReaderIdentity, List<Root>> rootsByOwner = new LinkedHashMap<>();
        for (MailAccount account : accounts) {
            cancellation.check();
            String relative = trimSlashes(account.maildir());
            String archiveFolder = "mail/" + relative;
            byte[] archivePath = archiveFolder.getBytes(StandardCharsets.UTF_8);
            if (!isSafeRelativePath(relative)) {
                writer.skip(archivePath, "the maildir path '" + account.maildir()
                        + "' is empty or contains a '..' segment; fix the mail account's maildir");
                continue;
            }
            ReaderRoot root = ReaderRoot.maildir(account.homeDir(), relative);

            FileStatus status;
            try {
                MaildirWalk.Opened opened = MaildirWalk.open(account.homeDir(), relative, MaildirWalk.OWNER_OF_MAILDIR);
                status = opened.status();
                Posix.closeQuietly(opened.fd());
            } catch (MaildirRejectedException e) {
                writer.skip(archivePath, e.getMessage());
                continue;
            }
            if (status.uid() == 0 || status.gid() == 0) {
                writer.skip(archivePath, "the maildir " + root.path() + " is owned by root (uid " + status.uid()
                        + ", gid " + status.gid() + "); mail is read only with the unprivileged identity that owns it");
                continue;
            }
            rootsByOwner.computeIfAbsent(new ReaderIdentity(status.uid(), status.gid()), owner -> new ArrayList<>())
                    .add(new Root(root, archiveFolder));
        }

        for (Map.Entry<ReaderIdentity, List<Root>> owner : rootsByOwner.entrySet()) {
            List<ReaderRoot> roots = owner.getValue().stream().map(Root::readerRoot).toList();
            List<String> prefixes = owner.getValue().stream().map(Root::archiveFolder).toList();
            readerRun.run(owner.getKey(), roots, List.of(), null, new PrefixingSink(writer, owner.getKey(), prefixes),
                    cancellation);
        }
    }

    /** A maildir to read and the archive folder its entries go into. */
    private record Root(ReaderRoot readerRoot, String archiveFolder) {
    }

    private static boolean isSafeRelativePath(String path) {
        if (path.isEmpty()) {
            return false;
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return false;
            }
        }
        return true;
    }

    private static String trimSlashes(String path) {
        String trimmed = path.replaceAll("/+", "/");
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
