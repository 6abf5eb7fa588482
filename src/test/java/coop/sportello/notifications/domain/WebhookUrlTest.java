package coop.sportello.notifications.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookUrlTest {

  @ParameterizedTest
  @ValueSource(strings = {"https://cooperativa.example.it/sportello", "https://hooks.example.com:8443/a?b=c",
      "https://8.8.8.8/hook", "https://[2001:4860:4860::8888]/hook", "HTTPS://Example.COM/x"})
  void publicHttpsAddressesAreTaken(String url) {
    assertTrue(WebhookUrl.refusal(url, false).isEmpty(), url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://cooperativa.example.it/sportello", "ftp://example.com/x", "https://", "https:///path",
      "/relative/path", "mailto:someone@example.com", "https://user:secret@example.com/x", "https://example.com/x#frag",
      "https://localhost/x", "https://app.localhost/x", "https://127.0.0.1/x", "https://127.1.2.3/x", "https://10.0.0.5/x",
      "https://172.16.0.1/x", "https://192.168.1.1/x", "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/x",
      "https://0.0.0.0/x", "https://[::1]/x", "https://[fd00::1]/x", "https://[fe80::1]/x", "https://[::ffff:10.0.0.1]/x",
      "https://2130706433/x", "https://0x7f000001/x", "https://0x7f.1/x", "https://012.0.0.1/x", "https://999.1.1.1/x",
      "https://exa mple.com/x", "https://example.com/\u0000"})
  void anythingElseIsRefusedAsInvalid(String url) {
    var refusal = WebhookUrl.refusal(url, false);
    assertTrue(refusal.isPresent(), url);
    assertEquals(422, refusal.get().status());
    assertEquals("webhook-url", refusal.get().type());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:8080/hook", "http://127.0.0.1:9999/hook", "https://[::1]:4443/hook"})
  void theLoopbackIsForDevelopmentOnly(String url) {
    assertTrue(WebhookUrl.refusal(url, true).isEmpty(), url);
    assertTrue(WebhookUrl.refusal(url, false).isPresent(), url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://example.com/hook", "http://10.0.0.1/hook", "https://192.168.0.1/hook", "ftp://localhost/x"})
  void developmentAllowsNothingButTheLoopback(String url) {
    assertTrue(WebhookUrl.refusal(url, true).isPresent(), url);
  }
}
