package io.evstack.csms.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
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
 * Keeps the local certificate authority's root key and certificate in a PKCS#12 file, so that the CA is
 * the same after a restart and the charger certificates it signed keep verifying (a charger on security
 * profile 3 authenticates with one for a year). The file is made on first start.
 *
 * <p>The password comes from the configuration; when none is given, one is generated on first start and
 * kept in a file beside the key store ({@code <file>.password}), readable by the owner only. That keeps
 * {@code ./stack demo} working with no settings; an operator should give a password from a secret store
 * instead. Neither the password nor the key is ever logged.
 */
public final class CertificateAuthorityStore {
    private static final Logger log = LoggerFactory.getLogger(CertificateAuthorityStore.class);
    private static final String ALIAS = "evstack-csms-ca";

    private CertificateAuthorityStore() {}

    /**
     * Opens the CA kept in {@code file}, or creates one there.
     *
     * @param password the key store's password; null or blank: the one generated into {@code <file>.password}
     */
    public static LocalCertificateAuthority openOrCreate(Path file, String password, Clock clock) {
        char[] secret = (password == null || password.isBlank() ? generatedPassword(file) : password).toCharArray();
        try {
            if (Files.exists(file)) {
                KeyStore store = KeyStore.getInstance(file.toFile(), secret);
                if (!(store.getKey(ALIAS, secret) instanceof PrivateKey key)
                        || !(store.getCertificate(ALIAS) instanceof X509Certificate root)) {
                    throw new IllegalStateException("The CA key store " + file + " holds no entry '" + ALIAS + "'");
                }
                log.info("Certificate authority loaded from {} ({}, valid until {})", file,
                        root.getSubjectX500Principal().getName(), root.getNotAfter().toInstant());
                return new LocalCertificateAuthority(clock, new KeyPair(root.getPublicKey(), key), root);
            }
            LocalCertificateAuthority.Root root = LocalCertificateAuthority.newRoot(clock);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, root.key().getPrivate(), secret, new Certificate[] {root.certificate()});
            writePrivately(file, out -> store.store(out, secret));
            log.info("Certificate authority created in {} ({})", file, root.certificate().getSubjectX500Principal().getName());
            return new LocalCertificateAuthority(clock, root.key(), root.certificate());
        } catch (IOException e) {
            // A wrong password shows as an IOException whose cause is an UnrecoverableKeyException.
            throw new IllegalStateException("Cannot open the CA key store " + file
                    + " (wrong STACK_CA_KEYSTORE_PASSWORD, or not a PKCS#12 file?)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot use the CA key store " + file, e);
        }
    }

    private static String generatedPassword(Path keyStore) {
        Path file = keyStore.resolveSibling(keyStore.getFileName() + ".password");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            if (Files.exists(keyStore)) {
                throw new IllegalStateException("The CA key store " + keyStore + " exists but no password is configured "
                        + "(STACK_CA_KEYSTORE_PASSWORD) and " + file + " is missing");
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            writePrivately(file, out -> out.write(password.getBytes(StandardCharsets.UTF_8)));
            log.info("No CA key store password configured: generated one into {} (owner-only); set "
                    + "STACK_CA_KEYSTORE_PASSWORD to use your own", file);
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
