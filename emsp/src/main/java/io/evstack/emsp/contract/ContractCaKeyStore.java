package io.evstack.emsp.contract;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the MO root and sub-CA (keys and certificates) in a PKCS#12 file, so that the contract certificates
 * they signed keep verifying after a restart (an EV keeps one for up to two years). The file is made on first
 * start.
 *
 * <p>The password comes from the configuration; when none is given, one is generated on first start into a
 * file beside the key store ({@code <file>.password}), readable by the owner only, so a demo needs no
 * settings; an operator should give one from a secret store instead. Neither password nor keys are logged.
 */
public final class ContractCaKeyStore {
    private static final Logger log = LoggerFactory.getLogger(ContractCaKeyStore.class);
    static final String ROOT_ALIAS = "evstack-mo-root";
    static final String SUB_CA_ALIAS = "evstack-mo-sub-ca";

    private ContractCaKeyStore() {}

    /**
     * Opens the CA kept in {@code file}, or creates one there (a root and sub-CA named for our party).
     *
     * @param password the key store's password; null or blank: the one generated into {@code <file>.password}
     * @param ocspUrl  our OCSP responder, for the certificates the CA signs (and a new sub-CA's AIA)
     */
    public static ContractCertificateAuthority openOrCreate(Path file, String password, Clock clock, String countryCode,
            String partyId, String ocspUrl) {
        char[] secret = (password == null || password.isBlank() ? generatedPassword(file) : password).toCharArray();
        try {
            if (Files.exists(file)) {
                KeyStore store = KeyStore.getInstance(file.toFile(), secret);
                var keys = new ContractCertificateAuthority.Keys(entry(store, ROOT_ALIAS, secret, file),
                        entry(store, SUB_CA_ALIAS, secret, file));
                keys.subCa().certificate().verify(keys.root().certificate().getPublicKey());
                log.info("Contract-certificate CA loaded from {} ({}, valid until {})", file,
                        keys.subCa().certificate().getSubjectX500Principal().getName(),
                        keys.subCa().certificate().getNotAfter().toInstant());
                return new ContractCertificateAuthority(clock, keys, ocspUrl);
            }
            var keys = ContractCertificateAuthority.generate(clock, countryCode, partyId, ocspUrl);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ROOT_ALIAS, keys.root().key(), secret, new Certificate[] {keys.root().certificate()});
            store.setKeyEntry(SUB_CA_ALIAS, keys.subCa().key(), secret,
                    new Certificate[] {keys.subCa().certificate(), keys.root().certificate()});
            writePrivately(file, out -> store.store(out, secret));
            log.info("Contract-certificate CA created in {} ({})", file,
                    keys.root().certificate().getSubjectX500Principal().getName());
            return new ContractCertificateAuthority(clock, keys, ocspUrl);
        } catch (IOException e) {
            // A wrong password shows as an IOException whose cause is an UnrecoverableKeyException.
            throw new IllegalStateException("Cannot open the contract-certificate CA key store " + file
                    + " (wrong password, or not a PKCS#12 file?)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot use the contract-certificate CA key store " + file, e);
        }
    }

    private static ContractCertificateAuthority.CaKey entry(KeyStore store, String alias, char[] secret, Path file)
            throws GeneralSecurityException {
        if (!(store.getKey(alias, secret) instanceof PrivateKey key)
                || !(store.getCertificate(alias) instanceof X509Certificate certificate)) {
            throw new IllegalStateException("The contract-certificate CA key store " + file + " holds no entry '" + alias + "'");
        }
        return new ContractCertificateAuthority.CaKey(certificate, key);
    }

    private static String generatedPassword(Path keyStore) {
        Path file = keyStore.resolveSibling(keyStore.getFileName() + ".password");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            if (Files.exists(keyStore)) {
                throw new IllegalStateException("The contract-certificate CA key store " + keyStore
                        + " exists but no password is configured and " + file + " is missing");
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            writePrivately(file, out -> out.write(password.getBytes(StandardCharsets.UTF_8)));
            log.info("No password configured for the contract-certificate CA: generated one into {} (owner-only)", file);
            return password;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read or write " + file, e);
        }
    }

    private interface Writer {
        void write(OutputStream out) throws IOException, GeneralSecurityException;
    }

    /** Writes to a temporary file readable by the owner only, then moves it into place. */
    private static void writePrivately(Path file, Writer writer) throws IOException, GeneralSecurityException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
