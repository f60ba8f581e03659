package dev.datadump.export.source;

import dev.datadump.export.Cancellation;
import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.ExportFailedException;
import dev.datadump.export.archive.ArchiveWriter;
import dev.datadump.export.reader.ReaderIdentity;
import dev.datadump.export.reader.ReaderRun;
import dev.datadump.model.MailAccount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The customer's maildirs, each read with the uid and gid that own it and stored under
 * {@code mail/<maildir>/}, where {@code <maildir>} is the account's maildir path relative to
 * its home directory. One reader process runs per owning identity.
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
        Map<ReaderIdentity, List<String[]>> rootsByOwner = new LinkedHashMap<>();
        for (MailAccount account : accounts) {
            cancellation.check();
            String archiveFolder = "mail/" + trimSlashes(account.maildir());
            Path maildir = Path.of(account.homeDir()).resolve(trimSlashes(account.maildir())).normalize();
            byte[] archivePath = archiveFolder.getBytes(StandardCharsets.UTF_8);
            if (!isSafeRelativePath(trimSlashes(account.maildir()))) {
                writer.skip(archivePath, "the maildir path '" + account.maildir()
                        + "' is empty or contains a '..' segment; fix the mail account's maildir");
                continue;
            }

            int uid;
            int gid;
            try {
                if (Files.isSymbolicLink(maildir)) {
                    writer.skip(archivePath, "the maildir " + maildir + " is a symbolic link");
                    continue;
                }
                uid = (Integer) Files.getAttribute(maildir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                gid = (Integer) Files.getAttribute(maildir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                writer.skip(archivePath, "the maildir " + maildir + " does not exist");
                continue;
            }
            if (uid == 0 || gid == 0) {
                writer.skip(archivePath, "the maildir " + maildir + " is owned by root (uid " + uid + ", gid " + gid
                        + "); mail is read only with the unprivileged identity that owns it");
                continue;
            }
            rootsByOwner.computeIfAbsent(new ReaderIdentity(uid, gid), owner -> new ArrayList<>())
                    .add(new String[] {maildir.toString(), archiveFolder});
        }

        for (Map.Entry<ReaderIdentity, List<String[]>> owner : rootsByOwner.entrySet()) {
            List<String> roots = owner.getValue().stream().map(root -> root[0]).toList();
            List<String> prefixes = owner.getValue().stream().map(root -> root[1]).toList();
            readerRun.run(owner.getKey(), roots, List.of(), new PrefixingSink(writer, owner.getKey(), prefixes), cancellation);
        }
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
