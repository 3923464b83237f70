package io.evstack.ocpi.credentials;

import java.util.List;

/** The credentials object (OCPI 2.2.1 section 7.3.1) and its parts. */
public record Credentials(String token, String url, List<Role> roles) {

    /** CredentialsRole (section 7.4.1): one role of a platform, with its party id and country. */
    public record Role(String role, BusinessDetails businessDetails, String partyId, String countryCode) {}

    /** BusinessDetails (section 8.4.2), name and website only. */
    public record BusinessDetails(String name, String website) {}

    /** An endpoint of a version (section 6.2.2): module identifier, our or their role in it, URL. */
    public record Endpoint(String identifier, String role, String url) {}
}
