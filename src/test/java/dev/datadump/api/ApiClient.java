package dev.datadump.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A test client of the API over real HTTP. */
public final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String url;

    public ApiClient(String url) {
        this.url = url;
    }

    /** An HTTP response: status, parsed JSON body and the headers. */
    public record Response(int status, JsonNode body, HttpResponse<String> raw) {

        public String message() {
            return body.path("message").asText(null);
        }

        public JsonNode data() {
            return body.get("data");
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    /** Calls {@code Module.method} in the {"command", "params"} form; params may be null. */
    public Response call(Credentials credentials, String command, Object params)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("command", command);
        if (params != null) {
            body.set("params", JSON.valueToTree(params));
        }
        return post(credentials, "", JSON.writeValueAsString(body));
    }

    /** Calls {@code /api.php?/module/method} with the params object alone as the body. */
    Response callRest(Credentials credentials, String module, String method, Object params)
            throws IOException, InterruptedException {
        return post(credentials, "?/" + module + "/" + method, JSON.writeValueAsString(params));
    }

    /** Posts a raw body with an optional query (such as "?/datadump/add"). */
    Response post(Credentials credentials, String query, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + query))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return send(credentials, request);
    }

    /** Sends any method to any path of the server. */
    Response request(Credentials credentials, String method, String path, String body)
            throws IOException, InterruptedException {
        URI base = URI.create(url);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return send(credentials, request);
    }

    private static Response send(Credentials credentials, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        if (credentials != null) {
            String token = credentials.key() + ":" + credentials.secret();
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("response is not JSON: " + response.statusCode() + " " + response.body(), e);
        }
        return new Response(response.statusCode(), body, response);
    }

    /** An API key and its secret. */
    public record Credentials(String key, String secret) {
    }

    /** Builds a params map, keeping order, from alternating keys and values. */
    static Map<String, Object> params(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
