package dev.datadump.export.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes names through {@link ArchiveWriter} and reads them back with commons-compress as raw bytes. */
class TarNamesTest {

    @Test
    void shortAsciiNameIsKept() throws Exception {
        assertThat(roundTrip("web/index.html".getBytes(StandardCharsets.US_ASCII))).isEqualTo("web/index.html".getBytes());
    }

    @Test
    void longUtf8NameIsKept() throws Exception {
        byte[] name = ("web/" + "\u00e9".repeat(80) + "/\u4e2d\u6587").getBytes(StandardCharsets.UTF_8);

        assertThat(roundTrip(name)).isEqualTo(name);
    }

    @Test
    void shortInvalidUtf8NameIsKept() throws Exception {
        byte[] name = {'w', 'e', 'b', '/', (byte) 0xff, (byte) 0xfe, '\n'};

        assertThat(roundTrip(name)).isEqualTo(name);
    }

    @Test
    void longInvalidUtf8NameIsKept() throws Exception {
        byte[] name = new byte[300];
        Arrays.fill(name, (byte) 0xfe);
        name[0] = 'w';

        assertThat(roundTrip(name)).isEqualTo(name);
    }

    @Test
    void validUtf8IsRecognised() {
        assertThat(TarNames.decodeUtf8("\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8))).isEqualTo("\u00e9t\u00e9");
        assertThat(TarNames.decodeUtf8(new byte[] {(byte) 0xc3})).isNull();
    }

    /** Writes one file entry named {@code name} and returns the name as read back (ISO-8859-1 = raw bytes). */
    private static byte[] roundTrip(byte[] name) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        java.nio.file.Path spool = java.nio.file.Files.createTempFile("manifest", ".tsv");
        java.nio.file.Files.delete(spool);
        try (ArchiveWriter writer = new ArchiveWriter(tar, new Manifest(spool), () -> null, (bytes, files) -> { },
                "test")) {
            writer.addFile(name, EntryMetadata.generatedFile(1000, 1000, 0), 3,
                    new ByteArrayInputStream(new byte[] {1, 2, 3}));
            writer.finish(1000, 1000, 0);
        } finally {
            java.nio.file.Files.deleteIfExists(spool);
        }

        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()),
                StandardCharsets.ISO_8859_1.name())) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        } catch (IOException e) {
            throw new AssertionError("the archive cannot be read back", e);
        }
        assertThat(names).hasSize(2);
        String read = names.get(0);
        // A PAX path record is UTF-8 text; a ustar or GNU long name arrives as ISO-8859-1 (raw bytes).
        byte[] asRaw = read.getBytes(StandardCharsets.ISO_8859_1);
        return Arrays.equals(asRaw, name) ? asRaw : read.getBytes(StandardCharsets.UTF_8);
    }
}
