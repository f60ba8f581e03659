package dev.datadump.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportPathTest {

    @Test
    void slashesAndDotSegmentsAreDropped() {
        assertThat(ExportPath.normalise("/a//b/")).isEqualTo("a/b");
        assertThat(ExportPath.normalise("./a/./b/.")).isEqualTo("a/b");
        assertThat(ExportPath.normalise("..a/b..")).isEqualTo("..a/b..");
    }

    @Test
    void badPathsAreRejectedWithReason() {
        assertThatThrownBy(() -> ExportPath.normalise("a/../b")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> ExportPath.normalise("a\u0000")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> ExportPath.normalise("/./")).hasMessageContaining("document root itself");
        assertThatThrownBy(() -> ExportPath.normalise("ü".repeat(128))).hasMessageContaining("255 bytes");
        assertThatThrownBy(() -> ExportPath.normalise("ab/".repeat(342))).hasMessageContaining("at most 1024");
    }

    @Test
    void unencodablePathsAreRejected() {
        // A lone surrogate has no UTF-8 form, so it must not be stored as '?', which is a different folder.
        assertThatThrownBy(() -> ExportPath.normalise("\ud800")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> ExportPath.normalise("exports/\udfff")).isInstanceOf(ApiException.class);
        // C1 control characters (U+0080 to U+009F) are control characters too.
        assertThatThrownBy(() -> ExportPath.normalise("a\u0085b")).hasMessageContaining("control characters");
    }

    @Test
    void separatorsAndDirectionMarksAreRejected() {
        assertThatThrownBy(() -> ExportPath.normalise("a\u2028b")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> ExportPath.normalise("exports\u202egpj.exe")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> ExportPath.normalise("a\u2066b")).hasMessageContaining("control characters");
        assertThat(ExportPath.normalise("exports/ünïcödé")).isEqualTo("exports/ünïcödé");
    }

    @Test
    void destinationIsAbsoluteWithTrailingSlash() {
        assertThat(ExportPath.destination("/var/www/web1", "exports")).isEqualTo("/var/www/web1/exports/");
        assertThat(ExportPath.destination("/var/www/web1/", "a/b")).isEqualTo("/var/www/web1/a/b/");
    }
}
