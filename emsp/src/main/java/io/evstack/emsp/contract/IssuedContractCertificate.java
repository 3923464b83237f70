package io.evstack.emsp.contract;

import io.javalin.openapi.OpenApiDescription;
import java.time.Instant;

/** A contract certificate just issued, with what the EV needs to install it. */
@OpenApiDescription("A new ISO 15118 contract certificate and its Plug & Charge token")
public record IssuedContractCertificate(
        @OpenApiDescription("The contract id (eMAID), with hyphens") String emaid,
        @OpenApiDescription("The Plug & Charge token (OCPI type OTHER): the eMAID without hyphens, the certificate's CN")
        String tokenUid,
        @OpenApiDescription("The certificate's serial, lower-case hex") String serial,
        Instant notAfter,
        @OpenApiDescription("The contract certificate, PEM") String certificatePem,
        @OpenApiDescription("The contract certificate, then the MO sub-CA (PEM; ISO 15118 leaves the root out)")
        String chainPem,
        @OpenApiDescription("Our MO root CA certificate, PEM") String rootPem) {}
