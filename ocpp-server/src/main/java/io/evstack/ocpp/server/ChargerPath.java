package io.evstack.ocpp.server;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads the charger id from the request path: its last segment, URL-decoded. */
final class ChargerPath {
    private ChargerPath() {}

    /**
     * @param prefix normalized: empty or starting with '/', without a trailing '/'
     * @return the charger id, or empty when the path names none (or, unless {@code anyPrefix}, lies outside the prefix)
     */
    static Optional<String> chargerId(String uri, String prefix, boolean anyPrefix) {
        String path = new QueryStringDecoder(uri).rawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        boolean underPrefix = path.startsWith(prefix + "/");
        if (!underPrefix && !(anyPrefix && path.length() > 1 && !path.equals(prefix))) {
            return Optional.empty();
        }
        String segment = path.substring(path.lastIndexOf('/') + 1);
        try {
            String id = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            return id.isBlank() ? Optional.empty() : Optional.of(id);
        } catch (IllegalArgumentException badEscape) {
            return Optional.empty();
        }
    }
}
