package dev.datadump.worker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options that point a worker process at a test's own staging folder. */
final class Staging {

    private Staging() {
    }

    /** Returns the staging option for {@code folder} followed by {@code more}. */
    static String[] options(Path folder, String... more) {
        List<String> options = new ArrayList<>(List.of("--staging", folder.toString()));
        options.addAll(List.of(more));
        return options.toArray(String[]::new);
    }

    /** Returns {@code command} and {@code more} followed by the staging option for {@code folder}. */
    static String[] command(String command, Path folder, String... more) {
        List<String> arguments = new ArrayList<>(List.of(command));
        arguments.addAll(List.of(more));
        arguments.addAll(List.of("--staging", folder.toString()));
        return arguments.toArray(String[]::new);
    }
}
