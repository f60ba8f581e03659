package dev.datadump.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    @Test
    void progressBarShowsBytesAndFiles() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 12);

        bar.update(3 * 1024 * 1024, 42);

        assertThat(text.toString()).startsWith(ProgressBar.CLEAR_LINE + "job 12 [");
        assertThat(text.toString()).endsWith("] 3.0 MiB, 42 files");
    }

    @Test
    void progressBarThrottlesRedraws() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 12);

        bar.update(1, 1);
        bar.update(2, 2);

        assertThat(text.toString()).contains("1 B, 1 files");
        assertThat(text.toString()).doesNotContain("2 files");
    }
}
