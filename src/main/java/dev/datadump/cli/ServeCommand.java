package dev.datadump.cli;

import dev.datadump.api.ApiLimits;
import dev.datadump.api.ApiServer;
import dev.datadump.api.ListenAddress;
import dev.datadump.store.Store;
import dev.datadump.worker.Worker;
import dev.datadump.worker.WorkerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code datadump serve}: runs the HTTP API and a worker on the store until SIGTERM or SIGINT.
 * Services started here are stopped in reverse order on shutdown, before the store is closed.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the DataDump HTTP API (POST /api.php) and a worker for the jobs of one node until "
                + "stopped with SIGTERM or Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    private static final long SHUTDOWN_WAIT_SECONDS = 20;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    WorkerOptions workerOptions;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Address to listen on; IPv6 in brackets, such as [::1]:8080. Default: ${DEFAULT-VALUE}.")
    String listen;

    @Option(names = "--rate-limit-key", paramLabel = "N", defaultValue = "" + ApiLimits.DEFAULT_REQUESTS_PER_MINUTE,
            description = "Requests per minute (and burst) allowed per API key; 0 turns the limit off. "
                    + "Default: ${DEFAULT-VALUE}.")
    long rateLimitPerKey;

    @Option(names = "--rate-limit-address", paramLabel = "N",
            defaultValue = "" + ApiLimits.DEFAULT_REQUESTS_PER_MINUTE,
            description = "Requests per minute (and burst) allowed per caller IP address, counted before "
                    + "authentication; 0 turns the limit off. Default: ${DEFAULT-VALUE}.")
    long rateLimitPerAddress;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "" + ApiLimits.DEFAULT_THREADS,
            description = "Threads that handle API requests. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Override
    public Integer call() throws InterruptedException {
        InetSocketAddress address;
        ApiLimits limits;
        try {
            address = ListenAddress.parse(listen);
            limits = new ApiLimits(rateLimitPerKey, rateLimitPerAddress, ApiLimits.DEFAULT_MAX_BODY_BYTES, threads);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        WorkerSettings workerSettings = workerOptions.runsJobs() ? workerOptions.settings() : null;
        long shutdownWaitSeconds = SHUTDOWN_WAIT_SECONDS
                + (workerSettings == null ? 0 : Worker.maxStopTime(workerSettings).toSeconds());

        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            awaitQuietly(stopped, shutdownWaitSeconds);
        }, "shutdown"));

        Deque<AutoCloseable> services = new ArrayDeque<>();
        boolean started = false;
        try (Store store = storeOptions.open()) {
            try {
                ApiServer api = ApiServer.start(address, store, limits);
                services.push(api);
                log.info("DataDump API listening on http://{}/api.php, store {}",
                        ListenAddress.format(api.address()), store.displayUrl());
                started = true;
            } catch (IOException e) {
                throw new CommandFailedException("cannot listen on " + listen + ": " + e.getMessage());
            }
            if (workerSettings == null) {
                log.info("No worker in this process (--jobs 0): jobs run on the workers of their nodes");
            } else {
                Worker worker = new Worker(store, workerOptions.engine(), workerSettings);
                worker.start();
                services.push(worker);
            }

            stopRequested.await();
            log.info("Stopping: no new requests are accepted, running ones may finish");
            stopAll(services);
        } finally {
            stopAll(services);
            if (started) {
                log.info("Stopped");
            }
            // Only now may the shutdown hook return and let the JVM halt.
            stopped.countDown();
        }
        return 0;
    }

    private static void stopAll(Deque<AutoCloseable> services) {
        while (!services.isEmpty()) {
            AutoCloseable service = services.pop();
            try {
                service.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed, continuing with the rest: {}", service.getClass().getSimpleName(),
                        e.toString());
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch, long seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
