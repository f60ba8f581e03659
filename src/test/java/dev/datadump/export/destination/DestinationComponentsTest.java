package dev.datadump.export.destination;

import dev.datadump.export.ExportFailedException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationComponentsTest {

    @Test
    void componentsBelowDocumentRoot() throws Exception {
        assertThat(Destination.components(Path.of("/var/customers/webs/web1"),
                Path.of("/var/customers/webs/web1/backups/export/"))).containsExactly("backups", "export");
    }

    @Test
    void destinationOutsideDocumentRootIsRejected() {
        assertThatThrownBy(() -> Destination.components(Path.of("/var/customers/webs/web1"),
                Path.of("/var/customers/webs/web2/export")))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("is not inside the document root");
    }

    @Test
    void destinationEscapingWithDotDotIsRejected() {
        assertThatThrownBy(() -> Destination.components(Path.of("/var/customers/webs/web1"),
                Path.of("/var/customers/webs/web1/../web2/export")))
                .isInstanceOf(ExportFailedException.class);
    }

    @Test
    void documentRootItselfIsRejected() {
        assertThatThrownBy(() -> Destination.components(Path.of("/var/customers/webs/web1"),
                Path.of("/var/customers/webs/web1/")))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("is the document root itself");
    }
}
