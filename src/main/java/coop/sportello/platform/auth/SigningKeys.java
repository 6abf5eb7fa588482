package coop.sportello.platform.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The EC P-256 key pair that signs Sportello's tokens (ES256). Production keys come from
 * configuration; on a developer machine a pair is generated once into the data directory,
 * which git ignores.
 */
public record SigningKeys(String privateKeyPem, String publicKeyPem) {

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

  /** Blocking (file I/O and key generation): call from a worker thread. */
  public static SigningKeys resolve(String configuredPrivate, String configuredPublic, Path dataDir)
      throws IOException, GeneralSecurityException {
    boolean hasPrivate = configuredPrivate != null && !configuredPrivate.isBlank();
    boolean hasPublic = configuredPublic != null && !configuredPublic.isBlank();
    if (hasPrivate && hasPublic) {
      return new SigningKeys(configuredPrivate, configuredPublic);
    }
    if (hasPrivate || hasPublic) {
      throw new IllegalArgumentException("auth.privateKeyPem and auth.publicKeyPem must be set together");
    }
    Path dir = dataDir.resolve("keys");
    Path privatePath = dir.resolve("jwt-private.pem");
    Path publicPath = dir.resolve("jwt-public.pem");
    if (Files.exists(privatePath) && Files.exists(publicPath)) {
      return new SigningKeys(Files.readString(privatePath), Files.readString(publicPath));
    }
    SigningKeys generated = generate();
    Files.createDirectories(dir);
    Files.writeString(privatePath, generated.privateKeyPem(), StandardCharsets.US_ASCII);
    Files.writeString(publicPath, generated.publicKeyPem(), StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(privatePath, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system: the directory's own permissions have to do.
    }
    LOG.warn("Generated a development signing key in {}; set SPORTELLO_JWT_PRIVATE_KEY in production", dir);
    return generated;
  }

  public static SigningKeys generate() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    return new SigningKeys(pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
        pem("PUBLIC KEY", pair.getPublic().getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
