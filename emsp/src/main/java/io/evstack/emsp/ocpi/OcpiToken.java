package io.evstack.emsp.ocpi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of our tokens as OCPI 2.2.1 section 12.3.2 Token describes it, without the country code and party
 * id, which are ours and added by {@link EmspOcpi}. {@code valid} is false for a blocked or expired token:
 * that is how a CPO learns it must refuse it (section 12.4.4 whitelist still applies to valid ones).
 */
public record OcpiToken(String uid, String type, String contractId, String visualNumber, String issuer,
        boolean valid, String whitelist, Instant lastUpdated) {

    /** The OCPI JSON object, with our country code and party id. */
    public Map<String, Object> toOcpi(String countryCode, String partyId) {
        var body = new LinkedHashMap<String, Object>();
        body.put("country_code", countryCode);
        body.put("party_id", partyId);
        body.put("uid", uid);
        body.put("type", type);
        body.put("contract_id", contractId);
        if (visualNumber != null) {
            body.put("visual_number", visualNumber);
        }
        body.put("issuer", issuer);
        body.put("valid", valid);
        body.put("whitelist", whitelist);
        body.put("last_updated", lastUpdated.toString());
        return body;
    }
}
