package io.evstack.app;

import io.evstack.emsp.EmspException;
import io.evstack.emsp.EmspServer;
import io.evstack.emsp.account.Account;
import io.evstack.emsp.contract.ContractCertificate;
import io.evstack.sim.PlugAndChargeContract;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Plug &amp; Charge in the demo: a driver of our eMSP with two contracts, whose certificates the simulated EVs
 * that park at the 2.0.1 stations present. Made through the eMSP's own services, as the driver API would;
 * kept across restarts of a demo on the same data (the contracts still valid are used again).
 */
final class DemoContracts {
    static final String EMAIL = "pnc-driver@demo.evstack.io";
    static final String PASSWORD = "plug-and-charge-demo";
    private static final int COUNT = 2;

    private DemoContracts() {}

    static List<PlugAndChargeContract> create(EmspServer emsp) {
        Account driver;
        try {
            driver = emsp.accounts().signUp(EMAIL, "Plug & Charge demo driver", PASSWORD);
        } catch (EmspException e) {
            driver = emsp.accounts().login(EMAIL, PASSWORD).account(); // the demo's data from an earlier start
        }
        var certificates = emsp.contractCertificates();
        String subCa = pem(certificates.authority().subCa());
        List<PlugAndChargeContract> contracts = new ArrayList<>();
        for (ContractCertificate c : certificates.ofAccount(driver.id())) {
            if (!c.revoked() && contracts.size() < COUNT) {
                contracts.add(new PlugAndChargeContract(c.tokenUid(), c.certificatePem() + subCa));
            }
        }
        while (contracts.size() < COUNT) {
            var issued = certificates.issue(driver.id(), csr());
            contracts.add(new PlugAndChargeContract(issued.tokenUid(), issued.chainPem()));
        }
        return contracts;
    }

    /** The CSR of a new EV key (the EV keeps the key; the simulation never needs it). */
    private static String csr() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair key = g.generateKeyPair();
            var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=demo EV"), key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            return pem(csr);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot make the demo EV's key", e);
        }
    }

    private static String pem(Object o) {
        return io.evstack.emsp.contract.ContractCertificateAuthority.pem(o);
    }
}
