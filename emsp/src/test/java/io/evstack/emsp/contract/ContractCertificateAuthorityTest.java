package io.evstack.emsp.contract;

import static io.evstack.emsp.contract.ContractTestPki.certificates;
import static io.evstack.emsp.contract.ContractTestPki.csr;
import static io.evstack.emsp.contract.ContractTestPki.ecKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evstack.db.TestClock;
import io.evstack.emsp.EmspException;
import io.evstack.emsp.token.ContractIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MO root, sub-CA and the contract certificates they sign; the CA kept in a PKCS#12 file. */
class ContractCertificateAuthorityTest {
    private static final String OCSP_URL = "https://emsp.example.com/emsp/ocsp";
    private static final String EMAID = "NL-EVS-C12345678-" + ContractIds.checkDigit("NLEVSC12345678");
    private final TestClock clock = new TestClock("2026-11-24T09:00:00Z");

    @Test
    void aContractCertificateNamesTheEmaidAndVerifiesUpToTheRoot() throws Exception {
        var ca = new ContractCertificateAuthority(clock, "nl", "evs", OCSP_URL);
        assertThat(name(ca.root())).isEqualTo("CN=EVS MO Root CA,O=EVS,C=NL,DC=MO");
        assertThat(ca.root().getBasicConstraints()).as("root pathLen").isEqualTo(2);
        assertThat(name(ca.subCa())).isEqualTo("CN=EVS MO Sub-CA 1,O=EVS,C=NL,DC=MO");
        assertThat(ca.subCa().getBasicConstraints()).as("sub-CA pathLen").isZero();
        assertThat(ca.subCa().getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.subCa().getKeyUsage()[6]).as("cRLSign").isTrue();
        assertThat(ca.subCa().getSigAlgName()).isEqualTo("SHA256withECDSA");

        var leaf = ca.issue(ContractCsr.parse(csr(ecKey())), EMAID);
        assertThat(name(leaf)).isEqualTo("CN=" + EMAID.replace("-", "") + ",O=EVS,C=NL");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.subCa().getSubjectX500Principal());
        assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(leaf.getCriticalExtensionOIDs()).contains(Extension.keyUsage.getId());
        assertThat(leaf.getKeyUsage()).as("digitalSignature and keyAgreement only")
                .containsExactly(true, false, false, false, true, false, false, false, false);
        assertThat(leaf.getSerialNumber().signum()).isPositive();
        assertThat(leaf.getSerialNumber().bitLength()).isGreaterThan(64);
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(730)));
        var holder = new JcaX509CertificateHolder(leaf);
        assertThat(AuthorityKeyIdentifier.fromExtensions(holder.getExtensions()).getKeyIdentifier())
                .isEqualTo(SubjectKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(ca.subCa()).getExtensions())
                        .getKeyIdentifier());
        assertThat(SubjectKeyIdentifier.fromExtensions(holder.getExtensions())).isNotNull();
        assertThat(ocspUrls(holder)).containsExactly(OCSP_URL);

        List<java.security.cert.X509Certificate> chain = certificates(ca.chainPem(leaf));
        assertThat(chain).containsExactly(leaf, ca.subCa());
        ContractTestPki.verifyChain(chain, ca.root(), clock.instant());
        assertThat(certificates(ca.rootPem())).containsExactly(ca.root());
    }

    @Test
    void noContractCertificateOutlivesTheSubCa() {
        var ca = new ContractCertificateAuthority(clock, "NL", "EVS", OCSP_URL);
        clock.advance(Duration.ofDays(3 * 365));
        var leaf = ca.issue(ContractCsr.parse(csr(ecKey())), EMAID);
        assertThat(leaf.getNotAfter()).isEqualTo(ca.subCa().getNotAfter());
    }

    @Test
    void csrsThatAreNotValidP256RequestsAreRefused() {
        var key = ecKey();
        assertThatThrownBy(() -> ContractCsr.parse(csr(key, ecKey(), "SHA256withECDSA")))
                .isInstanceOfSatisfying(EmspException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("signature does not verify");
        var rsa = ContractTestPki.key("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
        assertThatThrownBy(() -> ContractCsr.parse(csr(rsa, rsa, "SHA256withRSA")))
                .isInstanceOfSatisfying(EmspException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("P-256");
        var p384 = ContractTestPki.key("EC", new java.security.spec.ECGenParameterSpec("secp384r1"));
        assertThatThrownBy(() -> ContractCsr.parse(csr(p384, p384, "SHA384withECDSA"))).hasMessageContaining("P-256");
        assertThatThrownBy(() -> ContractCsr.parse("not a CSR")).hasMessageContaining("PKCS#10");
        assertThatThrownBy(() -> ContractCsr.parse(ContractTestPki.pem(new ContractCertificateAuthority(clock, "NL", "EVS",
                OCSP_URL).root()))).hasMessageContaining("PKCS#10");
        assertThatThrownBy(() -> ContractCsr.parse(null)).hasMessageContaining("required");
    }

    @Test
    void theCaSurvivesARestartFromItsKeyStore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("contract-ca.p12");
        var first = ContractCaKeyStore.openOrCreate(file, null, clock, "NL", "EVS", OCSP_URL);
        Path password = dir.resolve("contract-ca.p12.password");
        assertThat(file).exists();
        assertThat(password).exists();
        assertThat(Files.getPosixFilePermissions(password)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        var leaf = first.issue(ContractCsr.parse(csr(ecKey())), EMAID);

        clock.advance(Duration.ofDays(1));
        var again = ContractCaKeyStore.openOrCreate(file, "", clock, "NL", "EVS", OCSP_URL);
        assertThat(again.root()).isEqualTo(first.root());
        assertThat(again.subCa()).isEqualTo(first.subCa());
        ContractTestPki.verifyChain(certificates(again.chainPem(leaf)), again.root(), clock.instant());
        var next = again.issue(ContractCsr.parse(csr(ecKey())), EMAID);
        ContractTestPki.verifyChain(certificates(again.chainPem(next)), first.root(), clock.instant());

        assertThatThrownBy(() -> ContractCaKeyStore.openOrCreate(file, "wrong password", clock, "NL", "EVS", OCSP_URL))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("wrong password");
    }

    @Test
    void theOcspUrlIsUnderThePublicUrl() {
        assertThat(OcspRoutes.url("https://emsp.example.com/")).isEqualTo(OCSP_URL);
        assertThat(OcspRoutes.url("https://emsp.example.com")).isEqualTo(OCSP_URL);
    }

    /** The subject as Bouncy Castle writes it: in DER order, as ISO 15118-2 Annex F shows names. */
    private static String name(java.security.cert.X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).toString();
    }

    private static List<String> ocspUrls(JcaX509CertificateHolder holder) {
        var aia = AuthorityInformationAccess.fromExtensions(holder.getExtensions());
        return java.util.Arrays.stream(aia.getAccessDescriptions())
                .filter(d -> d.getAccessMethod().equals(AccessDescription.id_ad_ocsp))
                .map(AccessDescription::getAccessLocation)
                .filter(n -> n.getTagNo() == GeneralName.uniformResourceIdentifier)
                .map(n -> n.getName().toString()).toList();
    }
}
