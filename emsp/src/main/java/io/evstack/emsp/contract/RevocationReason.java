package io.evstack.emsp.contract;

import io.evstack.emsp.EmspException;
import java.util.Arrays;

/** The RFC 5280 CRLReasons (section 5.3.1) a contract certificate may be revoked for. */
public enum RevocationReason {
    UNSPECIFIED("unspecified", 0),
    KEY_COMPROMISE("keyCompromise", 1),
    AFFILIATION_CHANGED("affiliationChanged", 3),
    SUPERSEDED("superseded", 4),
    CESSATION_OF_OPERATION("cessationOfOperation", 5);

    /** The name RFC 5280 gives it: what is stored and what the API takes. */
    public final String rfcName;
    /** The CRLReason code, as OCSP reports it. */
    public final int code;

    RevocationReason(String rfcName, int code) {
        this.rfcName = rfcName;
        this.code = code;
    }

    /** The reason RFC 5280 names {@code name}; null or blank: cessationOfOperation (the contract ended). */
    public static RevocationReason named(String name) {
        if (name == null || name.isBlank()) {
            return CESSATION_OF_OPERATION;
        }
        return Arrays.stream(values()).filter(r -> r.rfcName.equals(name.strip())).findFirst()
                .orElseThrow(() -> EmspException.badRequest("reason must be one of "
                        + Arrays.stream(values()).map(r -> r.rfcName).toList()));
    }
}
