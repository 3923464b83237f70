package io.evstack.ocpi.hubclientinfo;

import static io.evstack.db.generated.Tables.OCPI_CLIENT_INFO;

import io.evstack.ocpi.credentials.Party;
import io.evstack.ocpi.credentials.PartyRepository;
import io.evstack.ocpi.push.Outbox;
import io.evstack.ocpi.transport.OcpiException;
import io.evstack.ocpi.transport.OcpiStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Hub client info (section 15). As Receiver we keep what a hub tells us about other parties (PUT,
 * 15.2.1); only a party registered with the HUB role may report. No request is sent to a party reported
 * OFFLINE, PLANNED or SUSPENDED (15.1.2 to 15.1.4): its pushes wait in the outbox, untried
 * ({@link #notConnected}), and go as soon as it is reported CONNECTED (15.1.1). For an OFFLINE party only
 * CDRs and asynchronous results are kept ({@link #offline}): updates of locations, tariffs and sessions are
 * not queued, as 15.1.2 asks (the party GETs them when back); a CDR is never dropped. As Sender we list the parties
 * connected to us directly, one ClientInfo per role: REGISTERED is CONNECTED, a token A not yet used
 * PLANNED, an ended registration SUSPENDED.
 */
public final class HubClientInfoService {
    private static final String CONNECTED = "CONNECTED";
    private static final String OFFLINE = "OFFLINE";
    private final DSLContext dsl;

    private final Clock clock;
    private final Runnable onConnected;

    /** For reading what was reported. */
    public HubClientInfoService(DSLContext dsl) {
        this(dsl, Clock.systemUTC(), () -> { });
    }

    /** {@code onConnected} runs after a party was reported CONNECTED (the push worker's wake-up). */
    public HubClientInfoService(DSLContext dsl, Clock clock, Runnable onConnected) {
        this.dsl = dsl;
        this.clock = clock;
        this.onConnected = onConnected;
    }

    /**
     * The registered parties a hub reports not CONNECTED, by the role our pushes address them as
     * ({@link Party#mainRole}, the OCPI-to headers): no request is sent to them (section 15.1.2 to 15.1.4).
     */
    public Set<Long> notConnected() {
        var reports = dsl.selectFrom(OCPI_CLIENT_INFO).where(OCPI_CLIENT_INFO.CONNECTION_STATUS.ne(CONNECTED)).fetch();
        if (reports.isEmpty()) {
            return Set.of();
        }
        Set<String> down = new java.util.HashSet<>();
        reports.forEach(r -> down.add(key(r.getCountryCode(), r.getPartyCode(), r.getPartyRole())));
        return partiesAddressedAs(down);
    }

    /**
     * The registered parties a hub reports OFFLINE (section 15.1.2: "Do not queue Push messages. When the
     * other party comes back online, it is their responsibility to do a GET to get back in sync"). Unlike
     * PLANNED and SUSPENDED (15.1.3, 15.1.4), where pushes are held, updates to them are not queued at all.
     */
    public Set<Long> offline() {
        var reports = dsl.selectFrom(OCPI_CLIENT_INFO).where(OCPI_CLIENT_INFO.CONNECTION_STATUS.eq(OFFLINE)).fetch();
        if (reports.isEmpty()) {
            return Set.of();
        }
        Set<String> down = new java.util.HashSet<>();
        reports.forEach(r -> down.add(key(r.getCountryCode(), r.getPartyCode(), r.getPartyRole())));
        return partiesAddressedAs(down);
    }

    private Set<Long> partiesAddressedAs(Set<String> keys) {
        Set<Long> out = new java.util.HashSet<>();
        for (Party p : new PartyRepository(dsl).registered()) {
            p.mainRole().filter(r -> keys.contains(key(r.countryCode(), r.partyId(), r.role()))).ifPresent(r -> out.add(p.pk()));
        }
        return out;
    }

    private static String key(String countryCode, String partyId, String role) {
        return (countryCode + "/" + partyId + "/" + role).toUpperCase();
    }

    public ClientInfo put(Party hub, String countryCode, String partyId, ClientInfo info) {
        if (!hub.hasRole("HUB")) {
            throw new OcpiException(403, OcpiStatus.CLIENT_ERROR, "Only a hub may push ClientInfo (section 15)");
        }
        if (info.role() == null || info.status() == null || info.lastUpdated() == null) {
            throw OcpiException.invalid("ClientInfo needs role, status and last_updated");
        }
        if (!ClientInfo.STATUSES.contains(info.status())) {
            throw OcpiException.invalid("status must be one of " + ClientInfo.STATUSES);
        }
        if ((info.countryCode() != null && !info.countryCode().equalsIgnoreCase(countryCode))
                || (info.partyId() != null && !info.partyId().equalsIgnoreCase(partyId))) {
            throw OcpiException.invalid("country_code and party_id of the body differ from the URL");
        }
        String cc = countryCode.toUpperCase();
        String pid = partyId.toUpperCase();
        dsl.transaction(cfg -> {
            var t = cfg.dsl();
            int updated = t.update(OCPI_CLIENT_INFO).set(OCPI_CLIENT_INFO.CONNECTION_STATUS, info.status())
                    .set(OCPI_CLIENT_INFO.REPORTED_BY, hub.pk()).set(OCPI_CLIENT_INFO.LAST_UPDATED, info.lastUpdated())
                    .where(OCPI_CLIENT_INFO.COUNTRY_CODE.eq(cc)).and(OCPI_CLIENT_INFO.PARTY_CODE.eq(pid))
                    .and(OCPI_CLIENT_INFO.PARTY_ROLE.eq(info.role())).execute();
            if (updated == 0) {
                t.insertInto(OCPI_CLIENT_INFO).set(OCPI_CLIENT_INFO.COUNTRY_CODE, cc).set(OCPI_CLIENT_INFO.PARTY_CODE, pid)
                        .set(OCPI_CLIENT_INFO.PARTY_ROLE, info.role()).set(OCPI_CLIENT_INFO.CONNECTION_STATUS, info.status())
                        .set(OCPI_CLIENT_INFO.REPORTED_BY, hub.pk()).set(OCPI_CLIENT_INFO.LAST_UPDATED, info.lastUpdated())
                        .execute();
            }
            if (OFFLINE.equals(info.status())) {
                // 15.1.2: what is queued for it but CDRs and results is dropped too; it GETs to get back in sync
                new Outbox(t).endUpdates(new HubClientInfoService(t).partiesAddressedAs(Set.of(key(cc, pid, info.role()))));
            }
            if (CONNECTED.equals(info.status())) {
                // back online (15.1.1): what was held for it, or backing off while it was away, goes now
                new Outbox(t).dueNow(new HubClientInfoService(t).partiesAddressedAs(Set.of(key(cc, pid, info.role()))),
                        clock.instant());
            }
        });
        if (CONNECTED.equals(info.status())) {
            onConnected.run();
        }
        return new ClientInfo(pid, cc, info.role(), info.status(), info.lastUpdated());
    }

    /** What a hub reported for a party (its most recently updated role). */
    public Optional<ClientInfo> reported(String countryCode, String partyId) {
        return dsl.selectFrom(OCPI_CLIENT_INFO).where(OCPI_CLIENT_INFO.COUNTRY_CODE.eq(countryCode.toUpperCase()))
                .and(OCPI_CLIENT_INFO.PARTY_CODE.eq(partyId.toUpperCase()))
                .orderBy(OCPI_CLIENT_INFO.LAST_UPDATED.desc()).limit(1).fetchOptional()
                .map(r -> new ClientInfo(r.getPartyCode(), r.getCountryCode(), r.getPartyRole(), r.getConnectionStatus(),
                        r.getLastUpdated()));
    }

    /** Our directly connected parties, oldest change first (for the paginated Sender GET). */
    public List<ClientInfo> ourParties() {
        List<ClientInfo> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Party p : new PartyRepository(dsl).list()) {
            String status = switch (p.status()) {
                case Party.REGISTERED -> "CONNECTED";
                case Party.UNREGISTERED -> "SUSPENDED";
                default -> "PLANNED";
            };
            for (var role : p.roles()) {
                String key = role.countryCode() + "/" + role.partyId() + "/" + role.role();
                if (seen.add(key)) {
                    out.add(new ClientInfo(role.partyId(), role.countryCode(), role.role(), status, lastUpdated(p)));
                }
            }
        }
        out.sort(Comparator.comparing(ClientInfo::lastUpdated).thenComparing(ClientInfo::countryCode)
                .thenComparing(ClientInfo::partyId));
        return out;
    }

    private static Instant lastUpdated(Party p) {
        return p.updatedAt() == null ? Instant.EPOCH : p.updatedAt();
    }
}
