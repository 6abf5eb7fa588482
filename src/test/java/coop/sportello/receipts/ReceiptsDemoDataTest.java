package coop.sportello.receipts;

import coop.sportello.testing.AppTestBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every demo cooperative has the legal data its receipts print (demo/16-receipts.sql over
 * demo/01-organisations.sql), so the demo's payments get their receipts. The files are run on
 * their own: a start with the whole demo takes minutes on a busy machine.
 */
class ReceiptsDemoDataTest extends AppTestBase {

  private static String resource(String name) throws IOException {
    try (InputStream in = ReceiptsDemoDataTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyDemoCooperativeHasItsLegalData() throws IOException {
    await(app.pool().query(resource("demo/01-organisations.sql")).execute());
    await(app.pool().query(resource("demo/16-receipts.sql")).execute());
    long providers = await(app.pool().query("SELECT count(*) FROM providers").execute()).iterator().next().getLong(0);
    assertTrue(providers >= 12);
    assertEquals(0L, await(app.pool().query("""
        SELECT count(*) FROM providers WHERE legal_name IS NULL OR legal_address IS NULL OR fiscal_code IS NULL""")
        .execute()).iterator().next().getLong(0));
  }
}
