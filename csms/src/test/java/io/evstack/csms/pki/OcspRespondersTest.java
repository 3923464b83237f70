package io.evstack.csms.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Which responderURLs a station may make the CSMS call (M06): public hosts, and internal ones only when listed. */
class OcspRespondersTest {

    @Test
    void internalAddressesAreRefusedUnlessListed() {
        var policy = OcspResponders.PUBLIC_ONLY;
        for (String url : new String[] {"http://127.0.0.1/ocsp", "http://localhost:8080/ocsp", "http://10.1.2.3/ocsp",
                "http://192.168.0.7/ocsp", "http://172.16.5.5/", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/ocsp", "http://[fd00::1]/ocsp", "http://100.64.0.1/", "http://0.0.0.0/"}) {
            assertThat(policy.permits(URI.create(url))).as(url).isFalse();
        }
        var listed = OcspResponders.parse(" 127.0.0.1 , OCSP.Internal.Example ,");
        assertThat(listed.permits(URI.create("http://127.0.0.1:9000/ocsp"))).isTrue();
        assertThat(listed.permits(URI.create("http://10.1.2.3/ocsp"))).as("only what is listed").isFalse();
    }

    @Test
    void publicAddressesNeedNoListing() {
        // literal addresses: no name resolution, so the test does not depend on the network
        assertThat(OcspResponders.PUBLIC_ONLY.permits(URI.create("http://93.184.216.34/ocsp"))).isTrue();
        assertThat(OcspResponders.PUBLIC_ONLY.permits(URI.create("http://[2606:2800:220:1::1]/ocsp"))).isTrue();
        assertThat(OcspResponders.PUBLIC_ONLY.permits(URI.create("http:///ocsp"))).as("no host").isFalse();
    }
}
