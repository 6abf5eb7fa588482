package coop.sportello.testing;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

import java.net.InetAddress;

/**
 * A pretend SPID/CIE provider beside the demo, for trying the sign-in on one's own machine (never
 * in production: it signs in whoever types anything). Run from the project directory:
 * <pre>
 *   mvn -q -DskipTests test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=coop.sportello.testing.LocalIdentityProvider
 * </pre>
 * then start Sportello with the variables it prints. Its login page asks for a user name and the
 * claims of the ID token, where the codice fiscale goes.
 */
public final class LocalIdentityProvider {

  private LocalIdentityProvider() { }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv().getOrDefault("IDP_PORT", "8090"));
    MockOAuth2Server server = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\": true}"));
    server.start(InetAddress.getByName("127.0.0.1"), port);
    // The provider names itself after the host it is asked by: one name for Sportello and the browser.
    String issuer = "http://127.0.0.1:" + port + "/" + TestIdentityProvider.ISSUER_ID;
    System.out.printf("""
        A pretend SPID/CIE provider is listening at %s
        Start Sportello beside it (java -jar target/sportello.jar) with these variables, then open
        http://localhost:8080/prenotazioni.html and press "Entra con SPID" or "Entra con CIE":
          SPORTELLO_OIDC_ISSUER=%s
          SPORTELLO_OIDC_CLIENT_ID=sportello
          SPORTELLO_OIDC_REDIRECT_URI=http://localhost:8080/api/v1/auth/oidc/callback
        At its login page write any user name and, as claims, for the demo employee Luca Ferrari:
          {"fiscalNumber": "TINIT-FRRLCU86C14A794T", "given_name": "Luca", "family_name": "Ferrari", "acr": "https://www.spid.gov.it/SpidL2"}
        Press Ctrl+C to stop.
        """, issuer, issuer);
    Thread.currentThread().join();
  }
}
