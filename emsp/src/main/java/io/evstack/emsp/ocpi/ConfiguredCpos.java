package io.evstack.emsp.ocpi;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * External CPOs by configuration: a JSON file of the CPOs to roam with, each with its OCPI versions URL and
 * the token A it issued us (OCPI 2.2.1 section 7.1.1), e.g.
 * <pre>{@code
 * [ {"name": "Partner CPO", "versionsUrl": "https://ocpi.partner.example/versions", "tokenA": "…",
 *    "countryCode": "BE", "partyId": "PRT"} ]
 * }</pre>
 * ({@code {"cpos": [...]}} and snake_case names work too). At start-up the eMSP registers with each one it
 * is not registered with yet, by the versions URL or, when given, the country code and party id, so a
 * restart with the same file does not use a token A twice. A CPO that cannot be reached or refuses us, and
 * a file that cannot be read, are logged (never a token) and skipped: start-up goes on, and support can
 * register later through the API.
 */
public final class ConfiguredCpos {
    private static final Logger log = LoggerFactory.getLogger(ConfiguredCpos.class);

    /** One CPO of the file; {@code toString} leaves the token A out. */
    public record Entry(String name, String versionsUrl, String tokenA, String countryCode, String partyId) {
        @Override
        public String toString() {
            return "CPO " + name + " at " + versionsUrl;
        }
    }

    /** What start-up did with the file: names registered now, names registered before, failures (no tokens). */
    public record Outcome(List<String> registered, List<String> alreadyRegistered, List<String> failures) {}

    private ConfiguredCpos() {}

    /** The file's entries; an entry without a versions URL or token A is refused with its position. */
    public static List<Entry> read(Path file) throws IOException {
        JsonNode root = EmspOcpi.JSON.readTree(Files.readString(file));
        JsonNode list = root != null && root.isObject() ? root.path("cpos") : root;
        if (list == null || !list.isArray()) {
            throw new IOException("expected a JSON array of CPOs (or {\"cpos\": [...]})");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String url = text(e, "versionsUrl", "versions_url");
            String token = text(e, "tokenA", "token_a");
            if (url == null || !httpUrl(url) || token == null) {
                throw new IOException("entry " + (i + 1) + " needs an http(s) versionsUrl and a tokenA");
            }
            String name = text(e, "name", "name");
            entries.add(new Entry(name == null ? URI.create(url).getHost() : name, url, token,
                    text(e, "countryCode", "country_code"), text(e, "partyId", "party_id")));
        }
        return entries;
    }

    /** Registers with every CPO of the file not registered yet; never throws for a CPO or the file. */
    public static Outcome registerAll(EmspOcpi ocpi, Path file) {
        List<String> registered = new ArrayList<>();
        List<String> known = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<Entry> entries;
        try {
            entries = read(file);
        } catch (IOException | RuntimeException e) {
            String reason = "CPO file " + file + " not read: " + e.getMessage();
            log.error("{}; no CPOs registered from it", reason);
            return new Outcome(registered, known, List.of(reason));
        }
        for (Entry entry : entries) {
            if (ocpi.isRegistered(entry.versionsUrl(), entry.countryCode(), entry.partyId())) {
                known.add(entry.name());
                continue;
            }
            try {
                ocpi.registerWith(entry.name(), entry.versionsUrl(), entry.tokenA());
                registered.add(entry.name());
            } catch (RuntimeException e) {
                String message = String.valueOf(e.getMessage()).replace(entry.tokenA(), "[token A]");
                log.error("Registration with {} from {} failed: {}", entry, file, message);
                failures.add(entry.name() + ": " + message);
            }
        }
        log.info("CPOs from {}: registered {}, already registered {}, failed {}", file, registered, known, failures.size());
        return new Outcome(registered, known, failures);
    }

    private static String text(JsonNode e, String name, String snake) {
        JsonNode v = e.hasNonNull(name) ? e.get(name) : e.path(snake);
        return v.isTextual() && !v.asText().isBlank() ? v.asText().trim() : null;
    }

    private static boolean httpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
