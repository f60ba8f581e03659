package dev.datadump.export.source;

import dev.datadump.export.archive.ArchiveWriter;
import dev.datadump.export.archive.EntryMetadata;
import dev.datadump.export.archive.Manifest;
import dev.datadump.export.reader.ReaderIdentity;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrefixingSinkTest {

    private static final ReaderIdentity CUSTOMER = new ReaderIdentity(1000, 1000);

    @Test
    void setUidKeptOnlyForReaderOwnFiles() throws Exception {
        Map<String, Integer> modes = writeFiles(Map.of(
                "own", new EntryMetadata(0106755, 1000, 1000, 0),
                "root", new EntryMetadata(0106755, 0, 0, 0),
                "other-group", new EntryMetadata(0106755, 1000, 50, 0)));

        assertThat(modes.get("web/own")).isEqualTo(0106755);
        assertThat(modes.get("web/root")).isEqualTo(0100755);
        assertThat(modes.get("web/other-group")).isEqualTo(0104755);
    }

    @Test
    void pathLeavingItsFolderIsRejected() throws Exception {
        Path spool = Files.createTempDirectory("sink").resolve("manifest.tsv");
        try (ArchiveWriter writer = new ArchiveWriter(new ByteArrayOutputStream(), new Manifest(spool), () -> null,
                (bytes, files) -> { }, "test")) {
            PrefixingSink sink = new PrefixingSink(writer, CUSTOMER, List.of("web"));

            for (String path : List.of("../etc", "a/../../b", "a//b", "/abs", "a/./b")) {
                assertThatThrownBy(() -> sink.skipped(0, path.getBytes(StandardCharsets.UTF_8), "test"))
                        .as(path)
                        .isInstanceOf(IOException.class);
            }
        }
    }

    private static Map<String, Integer> writeFiles(Map<String, EntryMetadata> files) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        Path spool = Files.createTempDirectory("sink").resolve("manifest.tsv");
        try (ArchiveWriter writer = new ArchiveWriter(tar, new Manifest(spool), () -> null, (bytes, count) -> { },
                "test")) {
            PrefixingSink sink = new PrefixingSink(writer, CUSTOMER, List.of("web"));
            for (Map.Entry<String, EntryMetadata> file : files.entrySet()) {
                byte[] path = file.getKey().getBytes(StandardCharsets.UTF_8);
                String sha256 = sink.file(0, path, file.getValue(), 1, new ByteArrayInputStream(new byte[] {7}));
                sink.fileDone(0, path, 1, sha256, "");
            }
            writer.finish(1000, 1000, 0);
        }

        Map<String, Integer> modes = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                modes.put(entry.getName(), entry.getMode());
            }
        }
        return modes;
    }
}
