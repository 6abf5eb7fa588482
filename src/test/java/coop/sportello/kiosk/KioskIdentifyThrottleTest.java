package coop.sportello.kiosk;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.Timings;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Identifying at a kiosk, under attack: a badge with a person behind it is answered, delayed and
 * locked exactly like one without; the lock holds only at the kiosk that failed; a badge failed at
 * from many kiosks is still checked where its owner has identified before. Limits here: 3 wrong PINs
 * at a badge from one kiosk, 40 attempts per kiosk, 6 wrong PINs at a badge from every kiosk.
 */
class KioskIdentifyThrottleTest extends AppTestBase {

  private KioskFixture fixture;
  private int kiosks;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("kiosk", new JsonObject().put("maxPinAttempts", 3).put("deviceMaxFailures", 40)
        .put("identifierMaxFailures", 6));
  }

  @BeforeAll
  void setUp() {
    fixture = new KioskFixture(vertx, app, http);
  }

  /** A Social Point of its own (it serves every member company). */
  private String newKiosk() {
    return fixture.kioskToken(fixture.kioskCredential("Social Point " + (++kiosks), null));
  }

  private Future<HttpResponse<Buffer>> tryBadge(String kiosk, String badge, String pin) {
    return http.client().post("/api/v1/kiosk/identify").bearerTokenAuthentication(kiosk)
        .sendJsonObject(new JsonObject().put("badge", badge).put("pin", pin));
  }

  private HttpResponse<Buffer> byBadge(String kiosk, String badge, String pin) {
    return await(tryBadge(kiosk, badge, pin));
  }

  /** Enough wrong PINs at the badge to lock the kiosk out of it. */
  private void threeWrongPinsAt(String kiosk, String badge) {
    for (int i = 0; i < 3; i++) {
      byBadge(kiosk, badge, "100" + i);
    }
  }

  @Test
  void aPasserByLocksOnlyTheKioskTheyStandAt() {
    KioskFixture.Employee giulia = fixture.employee("giulia.corridoio", "Giulia Corridoio", "TC-0001", "CRRGLI90A41A794T", "2580");
    String hallway = newKiosk();
    threeWrongPinsAt(hallway, giulia.badge());
    var locked = byBadge(hallway, giulia.badge(), giulia.pin());
    assertEquals(429, locked.statusCode());
    assertEquals("/problems/kiosk-pin-locked", locked.bodyAsJsonObject().getString("type"));
    assertEquals(200, byBadge(newKiosk(), giulia.badge(), giulia.pin()).statusCode(), "any other kiosk still serves her");
  }

  @Test
  void aBadgeWithAPersonBehindItIsAnsweredExactlyLikeOneWithout() {
    KioskFixture.Employee known = fixture.employee("badge.vero", "Paolo Vero", "TC-0002", "VREPLA80A01A794Q", "3691");
    KioskFixture.Employee noPin = fixture.employee("badge.senza.pin", "Rita Senza", "TC-0003", "SNZRTI85A41A794Z", null);
    List<String> answers = answers(known.badge(), known.pin());
    assertEquals(List.of(401, 401, 429, 429, 429), answers.stream().map(a -> Integer.parseInt(a.substring(0, 3))).toList(),
        String.join("\n", answers));
    assertEquals(answers, answers("TC-9999", known.pin()), "a badge nobody has");
    assertEquals(answers, answers(noPin.badge(), known.pin()), "a person who has not chosen a PIN yet");
  }

  /** Four wrong PINs and then the right one, at a kiosk of their own: status, problem body and Retry-After. */
  private List<String> answers(String badge, String rightPin) {
    String kiosk = newKiosk();
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      var answer = byBadge(kiosk, badge, i < 4 ? "80" + (10 + i) : rightPin);
      JsonObject body = answer.bodyAsJsonObject();
      body.remove("instance");
      answers.add(answer.statusCode() + " " + body.encode() + " retry-after:" + (answer.getHeader("Retry-After") != null));
    }
    return answers;
  }

  @Test
  void aBadgeWithAPersonBehindItTakesAsLongToRefuseAsOneWithout() {
    List<List<Long>> known = Timings.assertAlike(7, round -> {
      KioskFixture.Employee person = fixture.employee("tempi.badge." + round, "Tempi Badge", "TT-100" + round,
          String.format("TMPBDG80A01A%04d", round), "4812");
      return threeWrongPins(person.badge());
    }, round -> threeWrongPins("TT-900" + round), 250);
    assertTrue(Timings.median(known, 1) >= 400, "failures are slowed as they add up: " + known);
  }

  private Future<List<Long>> threeWrongPins(String badge) {
    String kiosk = newKiosk();
    return Timings.oneAfterAnother(3, n -> tryBadge(kiosk, badge, "97" + (10 + n)));
  }

  @Test
  void aBadgeFailedAtFromManyKiosksIsStillCheckedWhereItsOwnerIdentifiedBefore() {
    KioskFixture.Employee owner = fixture.employee("badge.assediato", "Carla Assediata", "TC-0004", "SSDCRL75A41A794X", "5937");
    String usual = newKiosk();
    assertEquals(200, byBadge(usual, owner.badge(), owner.pin()).statusCode());

    List<Integer> known = attackFromThreeKiosks(owner.badge(), owner.pin());
    assertEquals(List.of(429, 429), known, "past 6 wrong PINs from everywhere, other kiosks no longer check the badge");
    assertEquals(known, attackFromThreeKiosks("TC-8888", owner.pin()), "the same for a badge nobody has");
    assertEquals(200, byBadge(usual, owner.badge(), owner.pin()).statusCode(), "her usual kiosk still lets her in");
  }

  /** Three kiosks try three wrong PINs each; then how a fresh kiosk answers a wrong and a right PIN. */
  private List<Integer> attackFromThreeKiosks(String badge, String rightPin) {
    for (int k = 0; k < 3; k++) {
      threeWrongPinsAt(newKiosk(), badge);
    }
    return List.of(byBadge(newKiosk(), badge, "7777").statusCode(), byBadge(newKiosk(), badge, rightPin).statusCode());
  }

  @Test
  void choosingANewPinEndsTheLocksAtEveryKiosk() {
    KioskFixture.Employee owner = fixture.employee("pin.nuovo", "Nadia Nuova", "TC-0005", "NVONDA88A41A794K", "7319");
    String hallway = newKiosk();
    threeWrongPinsAt(hallway, owner.badge());
    assertEquals(429, byBadge(hallway, owner.badge(), owner.pin()).statusCode());
    assertEquals(200, await(http.client().put("/api/v1/kiosk/pin").bearerTokenAuthentication(owner.token())
        .sendJsonObject(new JsonObject().put("pin", "8264"))).statusCode());
    assertEquals(200, byBadge(hallway, owner.badge(), "8264").statusCode());
  }
}
