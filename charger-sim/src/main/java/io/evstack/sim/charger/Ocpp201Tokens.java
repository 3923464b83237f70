package io.evstack.sim.charger;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpp.v16.AuthorizationData;
import io.evstack.ocpp.v16.AuthorizationStatus;
import io.evstack.ocpp.v16.IdTagInfo;
import io.evstack.ocpp.v16.SendLocalList;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * 2.0.1 idTokens and idTokenInfos in the shape {@link LocalAuthorization} keeps (the 1.6 one), so that both versions
 * share one local list, one cache and one set of version rules. A token is keyed by its idToken string: a simulated
 * station sees one token type per card.
 */
final class Ocpp201Tokens {
    private Ocpp201Tokens() {
    }

    /** D01 SendLocalListRequest as the shared list update: versionNumber, updateType and the entries. */
    static SendLocalList localList(JsonNode req) {
        List<AuthorizationData> entries = new ArrayList<>();
        for (JsonNode e : req.path("localAuthorizationList")) {
            // D01: an entry without idTokenInfo removes the token (Differential updates)
            IdTagInfo info = e.hasNonNull("idTokenInfo") ? idTagInfo(e.get("idTokenInfo")) : null;
            entries.add(new AuthorizationData().withIdTag(e.at("/idToken/idToken").asText()).withIdTagInfo(info));
        }
        return new SendLocalList().withListVersion(req.path("versionNumber").asInt())
                .withUpdateType("Full".equals(req.path("updateType").asText()) ? SendLocalList.UpdateType.FULL
                        : SendLocalList.UpdateType.DIFFERENTIAL)
                .withLocalAuthorizationList(entries);
    }

    /**
     * IdTokenInfoType as IdTagInfo: the 2.0.1 statuses with no 1.6 counterpart (NoCredit, NotAtThisTime, ...) do
     * not allow charging here, so they read as Invalid; cacheExpiryDateTime is the expiry, groupIdToken the parent.
     */
    static IdTagInfo idTagInfo(JsonNode idTokenInfo) {
        AuthorizationStatus status = switch (idTokenInfo.path("status").asText()) {
            case "Accepted" -> AuthorizationStatus.ACCEPTED;
            case "Blocked" -> AuthorizationStatus.BLOCKED;
            case "Expired" -> AuthorizationStatus.EXPIRED;
            case "ConcurrentTx" -> AuthorizationStatus.CONCURRENT_TX;
            default -> AuthorizationStatus.INVALID;
        };
        IdTagInfo info = new IdTagInfo().withStatus(status);
        if (idTokenInfo.hasNonNull("cacheExpiryDateTime")) {
            info.setExpiryDate(OffsetDateTime.parse(idTokenInfo.get("cacheExpiryDateTime").asText()));
        }
        if (idTokenInfo.hasNonNull("groupIdToken")) {
            info.setParentIdTag(idTokenInfo.at("/groupIdToken/idToken").asText());
        }
        return info;
    }
}
