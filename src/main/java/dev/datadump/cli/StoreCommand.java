package dev.datadump.cli;

import dev.datadump.store.Store;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Base of the management commands: opens the store, runs, closes it. */
abstract class StoreCommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try (Store store = storeOptions.open()) {
            run(store);
        }
        return 0;
    }

    abstract void run(Store store);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
