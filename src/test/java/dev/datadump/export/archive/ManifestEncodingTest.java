package dev.datadump.export.archive;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestEncodingTest {

    @Test
    void printableAsciiStaysAsItIs() {
        assertThat(ManifestEncoding.encode("web/a b/$(x)-'\"".getBytes())).isEqualTo("web/a b/$(x)-'\"");
    }

    @Test
    void controlPercentAndHighBytesAreEscaped() {
        byte[] raw = {'a', '\t', '\n', '%', 0x7f, (byte) 0xc3, (byte) 0xa9, (byte) 0xff};

        assertThat(ManifestEncoding.encode(raw)).isEqualTo("a%09%0A%25%7F%C3%A9%FF");
    }
}
