package io.evstack.ocpi.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpi.OcpiPaths;
import io.evstack.ocpi.transport.OcpiClient;
import io.evstack.ocpi.transport.OcpiException;
import io.evstack.ocpi.transport.OcpiJson;
import io.evstack.ocpi.transport.OcpiStatus;
import io.evstack.ocpi.transport.TokenHeader;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials module (OCPI 2.2.1 section 7) in both directions.
 * <ul>
 *   <li>A party registers with us: the operator issues token A ({@link #issueTokenA}); the party POSTs
 *       its credentials with its token B; we fetch its versions and endpoints with B, issue token C and
 *       answer with it. Token A is then void (section 7.1.1).</li>
 *   <li>We register with a party ({@link #registerWith}): given its versions URL and its token A, we
 *       fetch its endpoints, generate token B, POST our credentials and keep the token C it answers.</li>
 * </ul>
 */
public final class CredentialsService {
    private static final Logger log = LoggerFactory.getLogger(CredentialsService.class);

    private final DSLContext dsl;
    private final Clock clock;
    private final OcpiConfig config;
    private final OcpiClient client;

    public CredentialsService(DSLContext dsl, Clock clock, OcpiConfig config, OcpiClient client) {
        this.dsl = dsl;
        this.clock = clock;
        this.config = config;
        this.client = client;
    }

    /** A new pending party and its token A, returned once (only its hash is stored). */
    public String issueTokenA(String name, boolean tokenBase64) {
        String tokenA = TokenHeader.newToken();
        new PartyRepository(dsl).insert(name, Party.PENDING, TokenHeader.hash(tokenA), "A", null, tokenBase64, null,
                clock.instant());
        return tokenA;
    }

    /** The party an Authorization header identifies (either reading of the token, section 4.1.2). */
    public Optional<Caller> authenticate(String authorizationHeader) {
        var repo = new PartyRepository(dsl);
        for (String candidate : TokenHeader.candidates(authorizationHeader)) {
            Optional<Party> party = repo.byIncomingHash(TokenHeader.hash(candidate));
            if (party.isPresent()) {
                return Optional.of(new Caller(party.get(), candidate));
            }
        }
        return Optional.empty();
    }

    /** Our side of the handshake: the credentials another platform uses to reach us. */
    public Credentials ours(String token) {
        return new Credentials(token, config.versionsUrl(), List.of(new Credentials.Role("CPO",
                new Credentials.BusinessDetails(config.businessName(), null), config.partyId(), config.countryCode())));
    }

    /** POST credentials (section 7.2.2): only with token A, once. */
    public Credentials register(Caller caller, Credentials theirs) {
        Party party = caller.party();
        if (!caller.registrationOnly() || !Party.PENDING.equals(party.status())) {
            throw OcpiException.methodNotAllowed("Already registered: use PUT to update the credentials");
        }
        validate(theirs);
        Handshake h = fetchEndpoints(theirs.url(), theirs.token(), party.tokenBase64());
        String tokenC = TokenHeader.newToken();
        var repo = new PartyRepository(dsl);
        Optional<Party> same = repo.registered().stream()
                .filter(p -> p.pk() != party.pk() && sameIdentity(p.roles(), theirs.roles())).findFirst();
        dsl.transaction(cfg -> {
            var t = new PartyRepository(cfg.dsl());
            if (same.isPresent()) {
                // The same platform (the same roles, country codes and party ids) registering again with a new
                // token A from the operator, as our co-located eMSP does at every start: its registration is
                // renewed like a PUT (section 7.2.3), keeping its pending pushes, instead of a second party
                // that would receive every push twice. The old token C stops working.
                t.delete(party.pk());
                t.registered(same.get().pk(), TokenHeader.hash(tokenC), "C", theirs.token(), theirs.url(), h.version(),
                        h.endpoints(), theirs.roles(), clock.instant());
            } else {
                t.registered(party.pk(), TokenHeader.hash(tokenC), "C", theirs.token(), theirs.url(), h.version(),
                        h.endpoints(), theirs.roles(), clock.instant());
            }
        });
        log.info("OCPI party {} {} ({} endpoints, roles {})", same.map(Party::name).orElse(party.name()),
                same.isPresent() ? "registered again" : "registered", h.endpoints().size(), theirs.roles());
        return ours(tokenC);
    }

    private static boolean sameIdentity(List<Credentials.Role> a, List<Credentials.Role> b) {
        java.util.function.Function<List<Credentials.Role>, java.util.Set<String>> keys = roles -> roles.stream()
                .map(r -> (r.role() + "/" + r.countryCode() + "/" + r.partyId()).toUpperCase())
                .collect(java.util.stream.Collectors.toSet());
        return !a.isEmpty() && keys.apply(a).equals(keys.apply(b));
    }

    /** PUT credentials (section 7.2.3): a registered party's new token and endpoints; a new token C. */
    public Credentials update(Caller caller, Credentials theirs) {
        Party party = caller.party();
        if (caller.registrationOnly() || !party.registered()) {
            throw OcpiException.methodNotAllowed("Not registered: use POST to register");
        }
        validate(theirs);
        Handshake h = fetchEndpoints(theirs.url(), theirs.token(), party.tokenBase64());
        String tokenC = TokenHeader.newToken();
        new PartyRepository(dsl).registered(party.pk(), TokenHeader.hash(tokenC), "C", theirs.token(), theirs.url(),
                h.version(), h.endpoints(), theirs.roles(), clock.instant());
        return ours(tokenC);
    }

    /** DELETE credentials (section 7.2.4). */
    public void unregister(Caller caller) {
        if (caller.registrationOnly() || !caller.party().registered()) {
            throw OcpiException.methodNotAllowed("Not registered");
        }
        // section 7.2.4: "both parties must end any automated communication": its unsent pushes end with it
        int ended = dsl.transactionResult(cfg -> {
            new PartyRepository(cfg.dsl()).unregistered(caller.party().pk(), clock.instant());
            return new io.evstack.ocpi.push.Outbox(cfg.dsl()).endAll(caller.party().pk());
        });
        log.info("OCPI party {} unregistered ({} unsent pushes ended)", caller.party().name(), ended);
    }

    /**
     * We register with another platform (section 7.1.1, we are the Sender): its versions URL and the
     * token A it gave us out of band. Token B is stored (hashed) before the POST, because the other side
     * fetches our versions with it while handling that POST.
     */
    public Party registerWith(String name, String versionsUrl, String tokenA, boolean tokenBase64) {
        Handshake h = fetchEndpoints(versionsUrl, tokenA, tokenBase64);
        String credentialsUrl = h.endpoints().stream().filter(e -> e.identifier().equals("credentials"))
                .map(Credentials.Endpoint::url).findFirst()
                .orElseThrow(() -> new OcpiException(200, OcpiStatus.NO_MATCHING_ENDPOINTS,
                        "The party has no credentials endpoint in " + OcpiPaths.VERSION));
        String tokenB = TokenHeader.newToken();
        var repo = new PartyRepository(dsl);
        long pk = repo.insert(name, Party.REGISTERING, TokenHeader.hash(tokenB), "B", tokenA, tokenBase64, versionsUrl,
                clock.instant());
        try {
            OcpiClient.Answer answer = client.send("POST", credentialsUrl, tokenA, tokenBase64, ours(tokenB), null);
            if (!answer.ok() || answer.data() == null) {
                throw new OcpiException(200, OcpiStatus.CLIENT_API_UNUSABLE,
                        "The party refused our credentials: " + answer.describe());
            }
            Credentials theirs = OcpiJson.MAPPER.treeToValue(answer.data(), Credentials.class);
            validate(theirs);
            repo.registered(pk, TokenHeader.hash(tokenB), "B", theirs.token(), versionsUrl, h.version(), h.endpoints(),
                    theirs.roles(), clock.instant());
            log.info("Registered with OCPI party {} at {}", name, versionsUrl);
            return repo.find(pk).orElseThrow();
        } catch (IOException | RuntimeException e) {
            repo.delete(pk);
            if (e instanceof OcpiException oe) {
                throw oe;
            }
            throw new OcpiException(200, OcpiStatus.CLIENT_API_UNUSABLE, "Cannot register with the party: " + e.getMessage());
        }
    }

    private record Handshake(String version, List<Credentials.Endpoint> endpoints) {}

    /** GET versions, pick 2.2.1, GET its details (section 6); any failure is 3001 (section 7.1.5). */
    private Handshake fetchEndpoints(String versionsUrl, String token, boolean base64) {
        try {
            OcpiClient.Answer versions = client.send("GET", versionsUrl, token, base64, null, null);
            if (!versions.ok() || versions.data() == null || !versions.data().isArray()) {
                throw new OcpiException(200, OcpiStatus.CLIENT_API_UNUSABLE,
                        "Cannot read the versions at " + versionsUrl + ": " + versions.describe());
            }
            String detailsUrl = null;
            for (JsonNode v : versions.data()) {
                if (OcpiPaths.VERSION.equals(v.path("version").asText())) {
                    detailsUrl = v.path("url").asText();
                }
            }
            if (detailsUrl == null) {
                throw new OcpiException(200, OcpiStatus.UNSUPPORTED_VERSION, "The party does not offer OCPI " + OcpiPaths.VERSION);
            }
            OcpiClient.Answer details = client.send("GET", detailsUrl, token, base64, null, null);
            if (!details.ok() || details.data() == null) {
                throw new OcpiException(200, OcpiStatus.CLIENT_API_UNUSABLE,
                        "Cannot read the version details at " + detailsUrl + ": " + details.describe());
            }
            List<Credentials.Endpoint> endpoints = new ArrayList<>();
            for (JsonNode e : details.data().path("endpoints")) {
                endpoints.add(new Credentials.Endpoint(e.path("identifier").asText(), e.path("role").asText(),
                        e.path("url").asText()));
            }
            return new Handshake(OcpiPaths.VERSION, endpoints);
        } catch (IOException | IllegalArgumentException e) {
            throw new OcpiException(200, OcpiStatus.CLIENT_API_UNUSABLE, "Cannot reach " + versionsUrl + ": " + e.getMessage());
        }
    }

    private static void validate(Credentials c) {
        if (c == null || c.token() == null || c.token().isBlank() || c.token().length() > 64
                || !c.token().chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e)) {
            throw OcpiException.invalid("token must be 1 to 64 printable ASCII characters without spaces (section 7.3.1)");
        }
        if (c.url() == null || c.url().isBlank()) {
            throw OcpiException.invalid("url (the versions endpoint) is required");
        }
        if (c.roles() == null || c.roles().isEmpty()) {
            throw OcpiException.invalid("roles must name at least one role");
        }
        for (Credentials.Role r : c.roles()) {
            if (r.role() == null || r.partyId() == null || r.partyId().length() != 3 || r.countryCode() == null
                    || r.countryCode().length() != 2) {
                throw OcpiException.invalid("every role needs role, a 3-character party_id and a 2-letter country_code");
            }
        }
    }
}
