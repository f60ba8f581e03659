package dev.datadump.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.datadump.store.SettingRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Handles {@code /api.php}: checks the HTTP method, whether the API is enabled, the rate
 * limits and the credentials, parses the call, runs it and writes {@code {"data": ...}}. Every
 * failure, expected or not, is mapped to a status and {@code {"message": ...}} here and only here.
 */
final class ApiHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    static final String PATH = "/api.php";

    private final ObjectMapper json;
    private final ApiRequestParser parser;
    private final SettingRepository settings;
    private final Authenticator authenticator;
    private final ApiLimits limits;
    private final RateLimiter keyLimiter;
    private final RateLimiter addressLimiter;
    private final DataDumpCommands dataDump;

    ApiHandler(ObjectMapper json, SettingRepository settings, Authenticator authenticator, ApiLimits limits,
               DataDumpCommands dataDump) {
        this.json = json;
        this.parser = new ApiRequestParser(json);
        this.settings = settings;
        this.authenticator = authenticator;
        this.limits = limits;
        this.keyLimiter = new RateLimiter(limits.requestsPerMinutePerKey(), "API key");
        this.addressLimiter = new RateLimiter(limits.requestsPerMinutePerAddress(), "address");
        this.dataDump = dataDump;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            Object data = process(exchange);
            send(exchange, 200, Map.of("data", data));
        } catch (ApiException e) {
            sendFailure(exchange, e);
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            log.error("Request {} {} failed with an internal error (reference {})", exchange.getRequestMethod(),
                    exchange.getRequestURI(), reference, e);
            send(exchange, 500, Map.of("message", "internal server error; the server log has the details "
                    + "under reference " + reference));
        } finally {
            exchange.close();
        }
    }

    private Object process(HttpExchange exchange) throws IOException {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            throw ApiException.notFound("no such endpoint '" + exchange.getRequestURI().getPath()
                    + "': the API is at " + PATH);
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            throw new ApiException(405, "HTTP method " + exchange.getRequestMethod() + " is not allowed: send POST");
        }
        if (!settings.isEnabled(SettingRepository.API_ENABLED)) {
            throw ApiException.badRequest("the API is disabled on this system (setting "
                    + SettingRepository.API_ENABLED + " is 0)");
        }

        // Known limitation: the caller address is the socket's peer. Behind a reverse proxy that is
        // the proxy, so allowed-from lists and the per-address rate limit see only the proxy's address.
        InetAddress remote = exchange.getRemoteAddress().getAddress();
        addressLimiter.acquire(Addresses.format(remote), System.nanoTime());
        Authenticator.Credentials credentials =
                Authenticator.credentials(exchange.getRequestHeaders().getFirst("Authorization"));
        Caller caller = authenticator.authenticate(credentials, remote, Instant.now());
        keyLimiter.acquire(credentials.key(), System.nanoTime());

        ApiCall call = parser.parse(readBody(exchange), exchange.getRequestURI().getRawQuery());
        if (!call.module().equals("datadump")) {
            throw ApiException.badRequest("unknown module in '" + call.command() + "': only DataDump is available");
        }
        return dataDump.run(call.method(), caller, new Params(call.params(), call.command()));
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        int max = limits.maxBodyBytes();
        try (InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new ApiException(413, "the request body is larger than " + max + " bytes");
            }
            return bytes;
        }
    }

    private void sendFailure(HttpExchange exchange, ApiException e) throws IOException {
        if (e instanceof AuthenticationRequiredException) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"API\"");
        }
        if (e instanceof RateLimitedException limited) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        if (e.status() >= 500) {
            log.error("Request {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
        } else if (e.status() == 403 || e.status() == 429) {
            log.info("Request from {} rejected with {}: {}", Addresses.format(exchange.getRemoteAddress().getAddress()),
                    e.status(), e.getMessage());
        } else {
            log.debug("Request {} {} rejected with {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                    e.status(), e.getMessage());
        }
        send(exchange, e.status(), Map.of("message", e.getMessage()));
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            // A HEAD answer has no body; -1 tells the server so.
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
