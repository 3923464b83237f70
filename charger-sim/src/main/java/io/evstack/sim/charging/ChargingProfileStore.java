package io.evstack.sim.charging;

import io.evstack.ocpp.v16.ChargingProfilePurposeType;
import java.util.ArrayList;
import java.util.List;

/**
 * The charging profiles a charger has installed (OCPP 1.6 section 3.13). A new profile replaces one with
 * the same id, and one with the same purpose and stack level on the same connector. Single-threaded: used
 * on the charger's event loop only.
 */
public final class ChargingProfileStore {
    private final List<InstalledProfile> profiles = new ArrayList<>();

    public void install(InstalledProfile profile) {
        profiles.removeIf(p -> p.id() == profile.id()
                || (p.connectorId() == profile.connectorId() && p.purpose() == profile.purpose()
                        && p.stackLevel() == profile.stackLevel()));
        profiles.add(profile);
    }

    /** ClearChargingProfile: by id, else by every criterion given. @return whether anything was removed */
    public boolean clear(Integer id, Integer connectorId, ChargingProfilePurposeType purpose, Integer stackLevel) {
        if (id != null) {
            return profiles.removeIf(p -> p.id() == id);
        }
        return profiles.removeIf(p -> (connectorId == null || p.connectorId() == connectorId)
                && (purpose == null || p.purpose() == purpose)
                && (stackLevel == null || p.stackLevel() == stackLevel));
    }

    /** A transaction ended: its TxProfiles go with it. */
    public void transactionEnded(int connectorId) {
        profiles.removeIf(p -> p.connectorId() == connectorId && p.purpose() == ChargingProfilePurposeType.TX_PROFILE);
    }

    public List<InstalledProfile> all() {
        return List.copyOf(profiles);
    }

    public int size() {
        return profiles.size();
    }
}
