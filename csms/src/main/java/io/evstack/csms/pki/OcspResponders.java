package io.evstack.csms.pki;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which OCSP responders the CSMS may call for a station (M06). The responderURL comes from the station, and
 * the CSMS fetches it from inside the operator's network: left open, any station (or anyone holding a
 * station's password) could make the CSMS send requests to internal services. So a responder is called only
 * if its host is on the operator's list ({@code STACK_OCSP_RESPONDER_HOSTS}), or if every address it
 * resolves to is a public one: the responders of the V2G and contract PKIs are on the public internet, so
 * they need no listing, while loopback, private, link-local, unique-local and multicast addresses do. The
 * check hands out the addresses it approved ({@link #addresses}), and the request goes to those
 * ({@link OcspHttpClient}): resolving the name again to connect would let it answer otherwise the second time.
 */
public final class OcspResponders {
    /** Public responders only. */
    public static final OcspResponders PUBLIC_ONLY = new OcspResponders(Set.of());

    /** Resolves a host name to its addresses: the JVM's resolver, or a test's. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Set<String> allowedHosts;
    private final Resolver resolver;

    /** @param allowedHosts host names or addresses (case-insensitive) called even when they are not public */
    public OcspResponders(Set<String> allowedHosts) {
        this(allowedHosts, InetAddress::getAllByName);
    }

    public OcspResponders(Set<String> allowedHosts, Resolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    /** From a comma-separated list such as {@code ocsp.internal.example, 10.0.0.5}; blank for none. */
    public static OcspResponders parse(String hosts) {
        return new OcspResponders(hosts == null || hosts.isBlank() ? Set.of() : Set.of(hosts.split(",")));
    }

    /** Whether the CSMS may send an OCSP request to this URL (http or https, listed or public host). */
    public boolean permits(URI uri) {
        try {
            return !addresses(uri).isEmpty();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The addresses the CSMS may send an OCSP request for this URL to, none when it may not: the host's, resolved
     * once here. The request must go to one of these and never resolve the name again, or a name that answers a
     * public address now and an internal one a moment later (DNS rebinding) would get it into the operator's network.
     *
     * @throws UnknownHostException when the host does not resolve
     */
    public List<InetAddress> addresses(URI uri) throws UnknownHostException {
        String host = uri.getHost();
        if (host == null) {
            return List.of();
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses = List.of(resolver.resolve(bare));
        if (allowedHosts.contains(bare.toLowerCase(Locale.ROOT))) {
            return addresses;
        }
        return addresses.stream().allMatch(OcspResponders::isPublic) ? addresses : List.of();
    }

    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc; // fc00::/7, unique local (RFC 4193)
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        // 100.64.0.0/10 carrier-grade NAT (RFC 6598) and 0.0.0.0/8: not reachable on the internet either
        return !(first == 100 && second >= 64 && second < 128) && first != 0;
    }
}
