package io.evstack.ocpi.tokens;

import static io.evstack.db.generated.Tables.OCPI_TOKEN;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpi.credentials.Party;
import io.evstack.ocpi.credentials.PartyRepository;
import io.evstack.ocpi.sessions.OcpiSession;
import io.evstack.ocpi.transport.OcpiClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Real-time authorization (section 12.1.3, 12.2.1.2): {@code POST {eMSP tokens}/{uid}/authorize?type=}
 * to the eMSP owning the token (or, for a token nobody pushed, to each eMSP in turn until one knows it:
 * 2004 means "not mine"). The answer's {@code allowed} (ALLOWED, BLOCKED, EXPIRED, NO_CREDIT,
 * NOT_ALLOWED) decides the OCPP answer; the authorization_reference and the eMSP's token are kept
 * ({@link RealtimeAuthorizations}) for the Session and CDR of the transaction the token then starts. The
 * CSMS calls this through its authorization hook ({@code RemoteAuthorizer}).
 */
public final class RealtimeAuthorizer {
    /** AuthorizationInfo (section 12.3.1) in short. */
    public record Decision(String allowed, String authorizationReference, String countryCode, String partyId) {
        public boolean accepted() {
            return "ALLOWED".equals(allowed);
        }
    }

    private final DSLContext dsl;
    private final OcpiClient client;
    private final OcpiConfig config;
    private final RealtimeAuthorizations given;

    public RealtimeAuthorizer(DSLContext dsl, OcpiClient client, OcpiConfig config, RealtimeAuthorizations given) {
        this.dsl = dsl;
        this.client = client;
        this.config = config;
        this.given = given;
    }

    public Optional<Decision> authorize(String uid, String type, String locationId, String evseUid) {
        var owner = dsl.selectFrom(OCPI_TOKEN).where(OCPI_TOKEN.UID.eq(uid)).limit(1).fetchOptional();
        List<Party> registered = new PartyRepository(dsl).registered();
        // A token of a party behind a hub (no registered party owns it) is authorized through the hub (4.1.4).
        boolean viaHub = owner.isPresent() && registered.stream()
                .noneMatch(p -> p.owns(owner.get().getCountryCode(), owner.get().getPartyCode()));
        for (Party p : registered) {
            boolean throughHub = viaHub && p.hasRole("HUB");
            if (owner.isPresent() && !p.owns(owner.get().getCountryCode(), owner.get().getPartyCode()) && !throughHub) {
                continue;
            }
            Optional<String> url = p.endpoint("tokens", "SENDER");
            if (url.isEmpty()) {
                continue;
            }
            try {
                Object body = locationId == null ? null : evseUid == null ? Map.of("location_id", locationId)
                        : Map.of("location_id", locationId, "evse_uids", java.util.List.of(evseUid));
                var role = p.mainRole().orElse(null);
                var routing = throughHub
                        ? new OcpiClient.Routing(config.countryCode(), config.partyId(), owner.get().getCountryCode(),
                                owner.get().getPartyCode())
                        : role == null ? null
                        : new OcpiClient.Routing(config.countryCode(), config.partyId(), role.countryCode(), role.partyId());
                var answer = client.send("POST", url.get() + "/" + URLEncoder.encode(uid, StandardCharsets.UTF_8)
                        + "/authorize?type=" + (type == null ? "RFID" : type), p.outgoingToken(), p.tokenBase64(), body, routing);
                if (answer.ok() && answer.data() != null) {
                    JsonNode d = answer.data();
                    JsonNode t = d.path("token");
                    var decision = new Decision(d.path("allowed").asText(), d.path("authorization_reference").asText(null),
                            t.path("country_code").asText(null), t.path("party_id").asText(null));
                    // the transaction this token starts is the eMSP's (its Session and CDR go to it, 9.3.1)
                    String cc = decision.countryCode() != null ? decision.countryCode() : role == null ? null : role.countryCode();
                    String pid = decision.partyId() != null ? decision.partyId() : role == null ? null : role.partyId();
                    if (cc != null && pid != null) {
                        given.remember(uid, locationId, evseUid, decision.authorizationReference(), new OcpiSession.CdrToken(cc,
                                pid, uid, t.path("type").asText(type == null ? "RFID" : type), t.path("contract_id").asText(uid)));
                    }
                    return Optional.of(decision);
                }
            } catch (Exception e) {
                // this eMSP cannot answer now: try the next, else no decision
            }
        }
        return Optional.empty();
    }
}
