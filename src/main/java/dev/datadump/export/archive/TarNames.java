package dev.datadump.export.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Chooses how an entry's name and link target are written, so that every byte of a file name
 * survives. The tar stream's own encoding is ISO-8859-1, which maps bytes to characters one to
 * one. Names that are valid UTF-8 are given as text, and those that are not ASCII or not shorter
 * than 100 bytes get a PAX {@code path}/{@code linkpath} record. Names that are not valid UTF-8
 * cannot be stored in a PAX record (PAX text is UTF-8), so their raw bytes go into the ustar
 * name field, or into a GNU long-name record when they are 100 bytes or longer.
 */
final class TarNames {

    private TarNames() {
    }

    /**
     * Creates the entry for {@code name} (and {@code linkTarget} for a symlink, else null) and
     * sets the stream's long-name mode for it. Call right before {@code putArchiveEntry}.
     */
    static TarArchiveEntry entry(TarArchiveOutputStream tar, byte[] name, byte linkFlag, byte[] linkTarget) {
        String utf8Name = decodeUtf8(name);
        String utf8Target = linkTarget == null ? "" : decodeUtf8(linkTarget);
        boolean raw = utf8Name == null || utf8Target == null;

        TarArchiveEntry entry;
        if (raw) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            tar.setAddPaxHeadersForNonAsciiNames(false);
            entry = new TarArchiveEntry(new String(name, StandardCharsets.ISO_8859_1), linkFlag, true);
            if (linkTarget != null) {
                entry.setLinkName(new String(linkTarget, StandardCharsets.ISO_8859_1));
            }
        } else {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            entry = new TarArchiveEntry(utf8Name, linkFlag, true);
            if (linkTarget != null) {
                entry.setLinkName(utf8Target);
            }
        }
        return entry;
    }

    /** Returns the text of {@code bytes} if they are valid UTF-8, else null. */
    static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
