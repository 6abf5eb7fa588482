package coop.sportello.platform.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers as Sportello keeps them: E.164 ({@code +393471234567}), the one form in which a
 * number is stored and looked up, so that {@code 347 123 4567}, {@code 3471234567},
 * {@code 0039 347 1234567} and {@code +39 347 123 4567} are the same person. Parsed and checked
 * by Google's libphonenumber against its numbering plans; a number written without a country
 * code is Italian.
 */
public final class PhoneNumber {

  /** The country of numbers written without a country code. */
  public static final String DEFAULT_REGION = "IT";

  /**
   * What people and PBXs write: digits, an optional leading {@code +}, and the usual separators.
   * libphonenumber would also read letters (vanity numbers) and extensions, which a number to be
   * called back must not have.
   */
  private static final Pattern WRITTEN = Pattern.compile("\\+?[0-9 ./()-]{3,40}");
  private static final PhoneNumberUtil PLANS = PhoneNumberUtil.getInstance();

  private PhoneNumber() { }

  /** The number in E.164, or empty when {@code written} is not a valid phone number. */
  public static Optional<String> e164(String written) {
    if (written == null || !WRITTEN.matcher(written.strip()).matches()) {
      return Optional.empty();
    }
    try {
      var number = PLANS.parse(written.strip(), DEFAULT_REGION);
      return PLANS.isValidNumber(number) ? Optional.of(PLANS.format(number, PhoneNumberFormat.E164)) : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /**
   * How people read a stored number aloud or dial it by hand: an Italian number in its national
   * form ({@code 347 123 4567}, {@code 02 1234 5678}), any other with its country code
   * ({@code +41 44 668 18 00}); empty when {@code written} is not a valid phone number.
   */
  public static Optional<String> display(String written) {
    return e164(written).map(stored -> {
      try {
        var number = PLANS.parse(stored, DEFAULT_REGION);
        boolean home = DEFAULT_REGION.equals(PLANS.getRegionCodeForNumber(number));
        return PLANS.format(number, home ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
      } catch (NumberParseException e) {
        throw new IllegalStateException("a number in E.164 always parses", e);
      }
    });
  }
}
