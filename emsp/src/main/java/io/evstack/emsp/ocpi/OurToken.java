package io.evstack.emsp.ocpi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One of our tokens as the OCPI Sender interfaces show it (emsp_token). */
record OurToken(String uid, String type, String contractId, String visualNumber, String whitelist, String status,
        Instant expiresAt, Instant lastUpdated) {

    /** Usable now: ACTIVE and not past its expiry. */
    boolean valid(Instant now) {
        return "ACTIVE".equals(status) && !expired(now);
    }

    boolean expired(Instant now) {
        return "EXPIRED".equals(status) || (expiresAt != null && !expiresAt.isAfter(now));
    }

    /** The Token object (section 12.3.2) of the eMSP countryCode/partyId. */
    Map<String, Object> toOcpi(String countryCode, String partyId, String issuer, Instant now) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("country_code", countryCode);
        t.put("party_id", partyId);
        t.put("uid", uid);
        t.put("type", type);
        t.put("contract_id", contractId);
        if (visualNumber != null) {
            t.put("visual_number", visualNumber);
        }
        t.put("issuer", issuer);
        t.put("valid", valid(now));
        t.put("whitelist", whitelist);
        t.put("last_updated", lastUpdated.toString());
        return t;
    }
}
