package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DatesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "2025-03-01T12:34:56.789Z       | 2025-03-01T12:34:56.789Z",
      "2025-03-01T12:34:56Z           | 2025-03-01T12:34:56.000Z",
      "2025-03-01T12:34:56.7Z         | 2025-03-01T12:34:56.700Z",
      "2025-03-01T12:34:56.789123456Z | 2025-03-01T12:34:56.789Z",
      "2025-03-01T14:34:56.789+02:00  | 2025-03-01T12:34:56.789Z",
      "2025-03-01T07:34:56-0500       | 2025-03-01T12:34:56.000Z",
      "2025-03-01T14:34:56+02         | 2025-03-01T12:34:56.000Z",
      "2025-03-01 12:34:56Z           | 2025-03-01T12:34:56.000Z",
      "2025-03-01t12:34:56z           | 2025-03-01T12:34:56.000Z",
      "2025-03-01T12:34:56            | 2025-03-01T12:34:56.000Z",
      "2025-03-01T12:34               | 2025-03-01T12:34:00.000Z",
      "2025-03-01                     | 2025-03-01T00:00:00.000Z",
      "2024-02-29T23:59:59.999Z       | 2024-02-29T23:59:59.999Z",
  })
  void isoStringsAreNormalizedToUtcMilliseconds(String input, String expected) {
    assertEquals(expected, Dates.format(Dates.parse(input)));
  }

  @Test
  void epochMillisecondsAndJavaDatesAreAccepted() {
    assertEquals("2025-03-01T12:34:56.789Z", Dates.format(Dates.parse(1740832496789L)));
    assertEquals("2025-03-01T12:34:56.789Z", Dates.format(Dates.parse(1740832496789.9)));
    assertEquals("1970-01-01T00:00:00.000Z", Dates.format(Dates.parse(0)));
    assertEquals("2025-03-01T12:34:56.789Z", Dates.format(Dates.parse(new Date(1740832496789L))));
    assertEquals("2025-03-01T12:34:56.789Z",
        Dates.format(Dates.parse(Instant.parse("2025-03-01T12:34:56.789999Z"))));
  }

  @Test
  void nonDatesAreRefusedWithAHint() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dates.parse("yesterday"));
    assertEquals("not a date: \"yesterday\" (write an ISO-8601 date such as"
        + " 2025-03-01T12:34:56.789Z, or epoch milliseconds)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Dates.parse("2025-02-30T00:00:00Z"));
    assertThrows(IllegalArgumentException.class, () -> Dates.parse("2025-13-01"));
    assertEquals("expected a date, found true",
        assertThrows(IllegalArgumentException.class, () -> Dates.parse(true)).getMessage());
    assertEquals("date \"253402300800000\" is outside the years 0000 to 9999",
        assertThrows(IllegalArgumentException.class, () -> Dates.parse(253402300800000L)).getMessage());
  }

  @Test
  void formatAlwaysHasMillisecondsAndZ() {
    assertEquals("0001-01-01T00:00:00.000Z", Dates.format(Instant.parse("0001-01-01T00:00:00Z")));
    assertEquals("9999-12-31T23:59:59.999Z", Dates.format(Instant.parse("9999-12-31T23:59:59.999Z")));
  }
}
