package io.evstack.ocpi;

/** Where the CPO interfaces live. The co-located eMSP (its own issue) takes /ocpi/emsp/... */
public final class OcpiPaths {
    public static final String VERSION = "2.2.1";
    public static final String VERSIONS = "/ocpi/cpo/versions";
    public static final String BASE = "/ocpi/cpo/" + VERSION;
    public static final String ADMIN = "/ocpi/admin";

    private OcpiPaths() {}
}
