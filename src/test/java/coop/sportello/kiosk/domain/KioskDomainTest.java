package coop.sportello.kiosk.domain;

import io.nayuki.qrcodegen.QrCode;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PIN rules, how identifiers are read, who a kiosk serves, and the QR drawing. */
class KioskDomainTest {

  @Test
  void aPinIsFourToEightDigitsAndNotTheFirstOneAThiefWouldTry() {
    assertTrue(KioskPin.choose("2468").isEmpty());
    assertTrue(KioskPin.choose("80417359").isEmpty());
    assertEquals("invalid-pin", KioskPin.choose("123").orElseThrow().type());
    assertEquals("invalid-pin", KioskPin.choose("123456789").orElseThrow().type());
    assertEquals("invalid-pin", KioskPin.choose("12a4").orElseThrow().type());
    assertEquals("invalid-pin", KioskPin.choose(null).orElseThrow().type());
    for (String guessable : new String[] {"0000", "1111", "1234", "4321", "7890", "3210", "987654", "12345678"}) {
      assertEquals("weak-pin", KioskPin.choose(guessable).orElseThrow().type(), guessable);
    }
  }

  @Test
  void exactlyOneIdentifierIsReadAsPeopleTypeIt() {
    KioskIdentifier.Parsed badge = KioskIdentifier.parse(" bg-000117 ", null);
    assertEquals(new KioskIdentifier(KioskIdentifier.Kind.BADGE, "BG-000117"), badge.identifier());
    KioskIdentifier.Parsed cf = KioskIdentifier.parse(null, "frrlcu86c14a794t");
    assertEquals(new KioskIdentifier(KioskIdentifier.Kind.CODICE_FISCALE, "FRRLCU86C14A794T"), cf.identifier());

    assertEquals("validation", KioskIdentifier.parse(null, null).refusal().type());
    assertEquals("validation", KioskIdentifier.parse("BG-000117", "FRRLCU86C14A794T").refusal().type(), "one of the two");
    assertEquals("invalid-badge", KioskIdentifier.parse("B?", null).refusal().type());
    KioskIdentifier.Parsed typo = KioskIdentifier.parse(null, "FRRLCU86C14A794X");
    assertFalse(typo.ok());
    assertEquals(422, typo.refusal().status());
    assertEquals("invalid-codice-fiscale", typo.refusal().type());
    assertTrue(typo.refusal().detail().contains("ultimo carattere"), typo.refusal().detail());
  }

  @Test
  void aCompanyKioskServesItsOwnEmployeesASocialPointServesEveryone() {
    assertTrue(KioskRules.deviceServes("c1", "c1"));
    assertFalse(KioskRules.deviceServes("c1", "c2"));
    assertTrue(KioskRules.deviceServes(null, "c2"));
  }

  @Test
  void theScreenShowsTheFirstNameOnly() {
    assertEquals("Luca", KioskRules.firstName("Luca Ferrari"));
    assertEquals("Maria", KioskRules.firstName("  Maria Grazia De Luca "));
    assertEquals("", KioskRules.firstName(null));
    assertEquals("5f0c2a4e-7b1d-4c8e-9a3f-2d6b8e1c0a01", KioskRules.deviceOf("kiosk:5f0c2a4e-7b1d-4c8e-9a3f-2d6b8e1c0a01"));
    assertNull(KioskRules.deviceOf("5f0c2a4e-7b1d-4c8e-9a3f-2d6b8e1c0a01"));
  }

  @Test
  void theQrDrawingHasOneSquarePerDarkModuleInsideAQuietZone() {
    QrCode qr = QrSvg.encode("KQ7RW3MX");
    String svg = QrSvg.render(qr, "Codice <QR> & co");
    int side = qr.size + 8;
    assertTrue(svg.contains("viewBox=\"0 0 " + side + " " + side + "\""), svg);
    assertTrue(svg.contains("<title id=\"qr-title\">Codice &lt;QR&gt; &amp; co</title>"), "the title is escaped");
    int dark = 0;
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        dark += qr.getModule(x, y) ? 1 : 0;
      }
    }
    Matcher squares = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z").matcher(svg);
    int drawn = 0;
    while (squares.find()) {
      int x = Integer.parseInt(squares.group(1)) - 4;
      int y = Integer.parseInt(squares.group(2)) - 4;
      assertTrue(qr.getModule(x, y), "drawn where the code is dark: " + x + "," + y);
      drawn++;
    }
    assertEquals(dark, drawn);
    // The three finder patterns: dark corners at top left, top right and bottom left, light bottom right area.
    assertTrue(svg.contains("M4,4h1v1h-1z") && svg.contains("M" + (qr.size + 3) + ",4h1v1h-1z")
        && svg.contains("M4," + (qr.size + 3) + "h1v1h-1z"));
    assertEquals(1, qr.version, "an 8-character code fits the smallest QR version (21 x 21)");
  }
}
