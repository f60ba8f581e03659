package dev.datadump.export.reader;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the reader process, which the engine starts with the uid and gid whose
 * permissions decide what is exported. Arguments: {@code [--exclude PATH]... -- ROOT...}.
 * Writes the trees in the {@link ReaderProtocol} format to standard output, messages to
 * standard error, and exits with 0 after the END record, 1 on an I/O error, 2 on bad arguments.
 */
public final class ReaderMain {

    private ReaderMain() {
    }

    public static void main(String[] args) {
        List<byte[]> excluded = new ArrayList<>();
        List<String> roots = new ArrayList<>();
        boolean inRoots = false;
        for (int i = 0; i < args.length; i++) {
            if (inRoots) {
                roots.add(args[i]);
            } else if (args[i].equals("--")) {
                inRoots = true;
            } else if (args[i].equals("--exclude") && i + 1 < args.length) {
                excluded.add(TreeWalker.stripTrailingSlashes(args[++i].getBytes(StandardCharsets.UTF_8)));
            } else {
                System.err.println("datadump reader: unexpected argument " + args[i]
                        + "; usage: ReaderMain [--exclude PATH]... -- ROOT...");
                System.exit(2);
            }
        }

        DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024));
        try {
            TreeWalker walker = new TreeWalker(out, excluded);
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
