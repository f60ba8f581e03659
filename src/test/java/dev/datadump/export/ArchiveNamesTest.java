package dev.datadump.export;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArchiveNamesTest {

    @Test
    void candidatesStartWithPlainNameThenNumbered() {
        List<String> names = ArchiveNames.candidates("web1",
                ZonedDateTime.of(2026, 12, 4, 9, 5, 59, 0, ZoneOffset.UTC), ".tar.gz.gpg");

        assertThat(names).hasSize(ArchiveNames.MAX_CANDIDATES);
        assertThat(names.get(0)).isEqualTo("web1-export_202612040905.tar.gz.gpg");
        assertThat(names.get(1)).isEqualTo("web1-export_202612040905-2.tar.gz.gpg");
        assertThat(names).doesNotHaveDuplicates();
    }
}
