package dev.datadump.export.reader;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Entry point of the reader process, which the engine starts with the uid and gid whose
 * permissions decide what is exported. Arguments:
 * {@code [--exclude PATH]... [--exclude-names REGEX] (--root PATH | --maildir HOME MAILDIR)...}, where the roots are
 * numbered in the order given (see {@link ReaderRoot}). Writes the trees in the
 * {@link ReaderProtocol} format to standard output, messages to standard error, and exits with
 * 0 after the END record, 1 on an I/O error, 2 on bad arguments.
 */
public final class ReaderMain {

    static final String ROOT_OPTION = "--root";
    static final String MAILDIR_OPTION = "--maildir";

    private static final String USAGE = "usage: ReaderMain [--exclude PATH]... [--exclude-names REGEX] (--root PATH | --maildir HOME MAILDIR)...";

    private ReaderMain() {
    }

    public static void main(String[] args) {
        List<byte[]> excluded = new ArrayList<>();
        Pattern excludedNames = null;
        List<ReaderRoot> roots = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--exclude") && i + 1 < args.length) {
                excluded.add(TreeWalker.stripTrailingSlashes(args[++i].getBytes(StandardCharsets.UTF_8)));
            } else if (args[i].equals("--exclude-names") && i + 1 < args.length) {
                excludedNames = Pattern.compile(args[++i]);
            } else if (args[i].equals(ROOT_OPTION) && i + 1 < args.length) {
                roots.add(ReaderRoot.tree(args[++i]));
            } else if (args[i].equals(MAILDIR_OPTION) && i + 2 < args.length) {
                roots.add(ReaderRoot.maildir(args[i + 1], args[i + 2]));
                i += 2;
            } else {
                System.err.println("datadump reader: unexpected or incomplete argument " + args[i] + "; " + USAGE);
                System.exit(2);
            }
        }

        DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024));
        try {
            TreeWalker walker = new TreeWalker(out, excluded, excludedNames);
            for (int index = 0; index < roots.size(); index++) {
                walker.walkRoot(index, roots.get(index));
            }
            out.writeByte(ReaderProtocol.END);
            out.flush();
        } catch (IOException e) {
            System.err.println("datadump reader: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }
}
