package io.evstack.emsp.ocpi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The eMSP's side of OCPI 2.2.1 transport (section 4): {@code Authorization: Token <base64>}, fresh
 * {@code X-Request-ID} / {@code X-Correlation-ID}, the response envelope, and paginated GETs that
 * follow the {@code Link: <…>; rel="next"} header (4.1.4.1), falling back on offset and
 * {@code X-Total-Count} when a server sends no Link.
 */
final class OcpiClient {
    /** One answer: the HTTP status, the envelope and the pagination headers. */
    record Reply(int httpStatus, JsonNode envelope, HttpHeaders headers) {
        int statusCode() {
            return envelope.path("status_code").asInt(-1);
        }

        boolean ok() {
            return httpStatus / 100 == 2 && statusCode() == 1000;
        }

        JsonNode data() {
            return envelope.path("data");
        }

        Optional<String> next() {
            for (String link : headers.allValues("Link")) {
                Matcher m = NEXT.matcher(link);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
            return Optional.empty();
        }

        OptionalInt totalCount() {
            return headers.firstValue("X-Total-Count").map(v -> {
                try {
                    return OptionalInt.of(Integer.parseInt(v.trim()));
                } catch (NumberFormatException e) {
                    return OptionalInt.empty();
                }
            }).orElse(OptionalInt.empty());
        }

        String describe() {
            return "HTTP " + httpStatus + " " + envelope;
        }
    }

    /** A call that did not give an OCPI answer: no connection, or no JSON. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel\\s*=\\s*\"?next\"?");
    /** A guard against a server whose next links never end. */
    private static final int MAX_PAGES = 10_000;

    private final ObjectMapper json;
    private final HttpClient http;
    private final Duration timeout;

    OcpiClient(ObjectMapper json, Duration timeout) {
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    Reply send(String method, String url, String token, Object body) {
        try {
            var req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Authorization", "Token " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)))
                    .header("X-Request-ID", UUID.randomUUID().toString())
                    .header("X-Correlation-ID", UUID.randomUUID().toString());
            if (body != null) {
                req.header("Content-Type", "application/json");
            }
            req.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode envelope = res.body() == null || res.body().isBlank() ? json.createObjectNode() : json.readTree(res.body());
            return new Reply(res.statusCode(), envelope, res.headers());
        } catch (IOException e) {
            throw new Unreachable(method + " " + url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(method + " " + url + " interrupted", e);
        }
    }

    /**
     * GETs every page of a list, handing each object to {@code each}; returns how many there were.
     * Fails (without a partial count) on the first page that is not a 1000 answer.
     */
    int getAll(String firstUrl, String token, Consumer<JsonNode> each) {
        String url = firstUrl;
        int seen = 0;
        for (int page = 0; url != null; page++) {
            if (page == MAX_PAGES) {
                throw new IllegalStateException("More than " + MAX_PAGES + " pages at " + firstUrl);
            }
            Reply reply = send("GET", url, token, null);
            if (!reply.ok() || !reply.data().isArray()) {
                throw new IllegalStateException("GET " + url + " answered " + reply.describe());
            }
            List<JsonNode> objects = new ArrayList<>();
            reply.data().forEach(objects::add);
            objects.forEach(each);
            seen += objects.size();
            url = nextPage(url, reply, objects.size()).orElse(null);
        }
        return seen;
    }

    /** The Link next page; else, if X-Total-Count says more remain, the same URL at the next offset. */
    private static Optional<String> nextPage(String url, Reply reply, int received) {
        Optional<String> link = reply.next();
        if (link.isPresent() || received == 0) {
            return link;
        }
        OptionalInt total = reply.totalCount();
        int offset = offset(url);
        if (total.isPresent() && offset + received < total.getAsInt()) {
            return Optional.of(withParam(url, "offset", Integer.toString(offset + received)));
        }
        return Optional.empty();
    }

    private static int offset(String url) {
        Matcher m = Pattern.compile("[?&]offset=(\\d+)").matcher(url);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * A module's URL among a party's endpoints (version details, section 6.2.2): the one with this role,
     * else one without a role (as some 2.1-style servers list them).
     */
    static Optional<String> endpoint(String endpointsJson, String module, String role) {
        JsonNode endpoints;
        try {
            endpoints = EmspOcpi.JSON.readTree(endpointsJson == null ? "[]" : endpointsJson);
        } catch (IOException e) {
            return Optional.empty();
        }
        String roleless = null;
        for (JsonNode e : endpoints) {
            if (module.equals(e.path("identifier").asText())) {
                if (role.equals(e.path("role").asText())) {
                    return Optional.of(e.path("url").asText());
                }
                if (!e.hasNonNull("role")) {
                    roleless = e.path("url").asText();
                }
            }
        }
        return Optional.ofNullable(roleless);
    }

    static String withParam(String url, String name, String value) {
        String stripped = url.replaceAll("([?&])" + name + "=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return stripped + (stripped.contains("?") ? "&" : "?") + name + "=" + value;
    }
}
