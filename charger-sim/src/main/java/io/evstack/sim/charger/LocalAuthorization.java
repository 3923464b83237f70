package io.evstack.sim.charger;

import io.evstack.ocpp.v16.AuthorizationData;
import io.evstack.ocpp.v16.AuthorizationStatus;
import io.evstack.ocpp.v16.IdTagInfo;
import io.evstack.ocpp.v16.SendLocalList;
import io.evstack.ocpp.v16.SendLocalListResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The Local Authorization List (section 3.5.3) and the Authorization Cache (3.5.2). Event loop only. */
final class LocalAuthorization {
    private final Map<String, IdTagInfo> list = new HashMap<>();
    private final Map<String, IdTagInfo> cache = new HashMap<>();
    private int listVersion;

    int listVersion() {
        return listVersion;
    }

    SendLocalListResponse.Status update(SendLocalList request, int maxLength) {
        List<AuthorizationData> entries = request.getLocalAuthorizationList() == null ? List.of()
                : request.getLocalAuthorizationList();
        if (entries.size() > maxLength) {
            return SendLocalListResponse.Status.FAILED;
        }
        if (request.getUpdateType() == SendLocalList.UpdateType.FULL) {
            list.clear();
        } else if (request.getListVersion() <= listVersion) {
            return SendLocalListResponse.Status.VERSION_MISMATCH;
        }
        for (AuthorizationData d : entries) {
            if (d.getIdTagInfo() == null) {
                list.remove(d.getIdTag());
            } else {
                list.put(d.getIdTag(), d.getIdTagInfo());
            }
        }
        listVersion = request.getListVersion();
        return SendLocalListResponse.Status.ACCEPTED;
    }

    void remember(String idTag, IdTagInfo info) {
        cache.put(idTag, info);
    }

    void clearCache() {
        cache.clear();
    }

    /** The local list's entry for {@code idTag}, null when it has none. */
    IdTagInfo listed(String idTag) {
        return list.get(idTag);
    }

    /** The cache's entry for {@code idTag}, null when it has none. */
    IdTagInfo cached(String idTag) {
        return cache.get(idTag);
    }

    /**
     * Forgets a token (2.0.1 N10, clearing a customer's data): out of the list and the cache. The list keeps its
     * version: the CSMS learns of the change from the customer information it asked for, not from the version.
     * @return whether either held it
     */
    boolean forget(String idTag) {
        boolean listed = list.remove(idTag) != null;
        return cache.remove(idTag) != null | listed;
    }

    /** The parent id tag (2.0.1: groupIdToken) the list or, failing that, the cache knows for {@code idTag}. */
    String parentOf(String idTag) {
        IdTagInfo info = list.get(idTag);
        if (info == null) {
            info = cache.get(idTag);
        }
        return info == null ? null : info.getParentIdTag();
    }

    /** Accepted by the local list or, failing that, the cache, and not expired at {@code now}. */
    boolean accepted(String idTag, Instant now, boolean useList, boolean useCache) {
        IdTagInfo info = useList ? list.get(idTag) : null;
        if (info == null && useCache) {
            info = cache.get(idTag);
        }
        return info != null && info.getStatus() == AuthorizationStatus.ACCEPTED
                && (info.getExpiryDate() == null || info.getExpiryDate().toInstant().isAfter(now));
    }
}
