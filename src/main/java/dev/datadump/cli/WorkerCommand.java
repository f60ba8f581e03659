package dev.datadump.cli;

import dev.datadump.export.ExportEngine;
import dev.datadump.store.Store;
import dev.datadump.worker.Worker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code datadump worker}: runs the jobs of one node until SIGTERM or SIGINT. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run export jobs of one node until stopped (SIGTERM or SIGINT); no API.")
final class WorkerCommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    WorkerOptions workerOptions;

    @Override
    public Integer call() throws InterruptedException {
        var settings = workerOptions.settings();
        ExportEngine engine = workerOptions.engine();
        Store store = storeOptions.open();
        Worker worker = new Worker(store, engine, settings);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.stop();
            store.close();
            stopped.countDown();
        }, "shutdown"));
        worker.start();
        stopped.await();
        return 0;
    }
}
