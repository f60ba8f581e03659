package dev.datadump.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.datadump.store.AdminRepository;
import dev.datadump.store.ApiKeyRepository;
import dev.datadump.store.CustomerRepository;
import dev.datadump.store.SettingRepository;
import dev.datadump.store.Store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP API server (the JDK's built-in server) on one listen address, handling requests on a
 * bounded pool of threads. When the pool and its queue are full, the accepting thread runs the
 * request itself, which slows down accepting instead of dropping connections.
 *
 * <p>Known limitation: the server speaks plain HTTP only. Basic credentials cross the network in
 * clear unless the server listens on loopback behind a TLS-terminating proxy.
 */
public final class ApiServer implements AutoCloseable {

    private static final int QUEUE_SIZE = 256;

    /** Seconds a client may take to send a request, and to read the response, before it is cut off. */
    private static final String CLIENT_TIMEOUT_SECONDS = "30";
    private static final int STOP_GRACE_SECONDS = 2;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private ApiServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds the address and starts serving the API on the store.
     *
     * @throws IOException when the address cannot be bound (in use, not local, no permission)
     */
    public static ApiServer start(InetSocketAddress address, Store store, ApiLimits limits) throws IOException {
        ObjectMapper json = new ObjectMapper();
        SettingRepository settings = new SettingRepository(store);
        CustomerRepository customers = new CustomerRepository(store);
        Authenticator authenticator = new Authenticator(new ApiKeyRepository(store), new AdminRepository(store),
                customers);
        DataDumpCommands dataDump = new DataDumpCommands(store, new CustomerScope(customers), new ExportAccess(settings));
        ApiHandler handler = new ApiHandler(json, settings, authenticator, limits, dataDump);

        // The JDK server reads these once, when its first instance is created. Without them a
        // client that sends slowly would hold a request thread forever.
        System.setProperty("sun.net.httpserver.maxReqTime", CLIENT_TIMEOUT_SECONDS);
        System.setProperty("sun.net.httpserver.maxRspTime", CLIENT_TIMEOUT_SECONDS);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(limits.threads(), limits.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_SIZE), threadFactory(), new ThreadPoolExecutor.CallerRunsPolicy());
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        return new ApiServer(server, executor);
    }

    /** Returns the bound address, with the real port when port 0 was requested. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops accepting, gives running requests a few seconds to finish, then stops the threads. */
    @Override
    public void close() {
        server.stop(STOP_GRACE_SECONDS);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threadFactory() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "api-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
