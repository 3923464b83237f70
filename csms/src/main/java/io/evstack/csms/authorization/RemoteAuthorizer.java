package io.evstack.csms.authorization;

import java.util.Optional;

/**
 * Someone else who may know an id tag the CSMS does not: the eMSP that issued it, asked through OCPI
 * real-time authorization (OCPI 2.2.1 section 12.2.1.2). Empty when nobody can say.
 */
@FunctionalInterface
public interface RemoteAuthorizer {
    Optional<Authorization> authorize(String idTag);

    RemoteAuthorizer NONE = idTag -> Optional.empty();
}
