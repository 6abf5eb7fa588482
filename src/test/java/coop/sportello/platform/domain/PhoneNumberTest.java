package coop.sportello.platform.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhoneNumberTest {

  @Test
  void everyWayOfWritingAnItalianNumberIsOneE164Number() {
    for (String written : new String[] {"3471234567", "347 123 4567", "00393471234567", "0039 347 1234567",
        "+393471234567", "+39 347 123 4567", "+39 (347) 123-4567", " 347.123.4567 "}) {
      assertEquals(Optional.of("+393471234567"), PhoneNumber.e164(written), written);
    }
  }

  @Test
  void anItalianLandlineKeepsItsLeadingZeroAfterTheCountryCode() {
    assertEquals(Optional.of("+390351234567"), PhoneNumber.e164("035 123 4567"));
    assertEquals(Optional.of("+390351234567"), PhoneNumber.e164("0039 035 1234567"));
  }

  @Test
  void aForeignNumberKeepsItsOwnCountry() {
    assertEquals(Optional.of("+41446681800"), PhoneNumber.e164("0041 44 668 18 00"));
    assertEquals(Optional.of("+442079460958"), PhoneNumber.e164("+44 20 7946 0958"));
  }

  @Test
  void whatIsNoPhoneNumberIsEmpty() {
    for (String written : new String[] {null, "", "   ", "chiamami", "201", "12345", "+39 0", "3471234567 int. 12",
        "1-800-FLOWERS", "+39 347 123 4567 890 123 456 789 012 345 678 901 234"}) {
      assertEquals(Optional.empty(), PhoneNumber.e164(written), String.valueOf(written));
    }
  }

  @Test
  void aNumberIsShownAsPeopleDialItItalianOnesWithoutTheCountryCode() {
    assertEquals(Optional.of("347 123 4567"), PhoneNumber.display("+393471234567"));
    assertEquals(Optional.of("347 123 4567"), PhoneNumber.display("0039 347 1234567"));
    assertEquals(Optional.of("035 123 4567"), PhoneNumber.display("+390351234567"));
    assertEquals(Optional.of("+41 44 668 18 00"), PhoneNumber.display("+41446681800"));
    assertEquals(Optional.empty(), PhoneNumber.display("anonymous"));
    assertEquals(Optional.empty(), PhoneNumber.display(null));
  }
}
