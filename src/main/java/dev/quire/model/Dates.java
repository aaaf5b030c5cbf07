package dev.quire.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Date;

/**
 * Dates as LiteChat writes them: JavaScript's {@code toISOString()} form,
 * {@code 2025-03-01T12:34:56.789Z} (UTC, milliseconds). Reading accepts any ISO-8601 date-time
 * (with or without fraction, {@code Z} or an offset, {@code T} or a space), a bare date
 * (midnight UTC, as JavaScript reads it), a date-time without zone (taken as UTC), and epoch
 * milliseconds. Precision finer than a millisecond is truncated; years outside 0000–9999 are
 * refused.
 */
public final class Dates {
  private Dates() {}

  private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

  private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HH", "Z").optionalEnd()
      .toFormatter().withResolverStyle(java.time.format.ResolverStyle.STRICT);

  /**
   * Reads a date from a string, a number of epoch milliseconds, or a Java date object.
   *
   * @throws IllegalArgumentException with a message fit for a user, when it is not a date
   */
  public static Instant parse(Object value) {
    Instant instant;
    if (value instanceof Instant i) {
      instant = i;
    } else if (value instanceof String s) {
      instant = parseString(s);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      instant = Instant.ofEpochMilli(((Number) value).longValue());
    } else if (value instanceof BigInteger b) {
      instant = epochMillis(new BigDecimal(b), value);
    } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      instant = epochMillis(new BigDecimal(value.toString()), value);
    } else if (value instanceof Date d) {
      instant = d.toInstant();
    } else if (value instanceof OffsetDateTime o) {
      instant = o.toInstant();
    } else if (value instanceof ZonedDateTime z) {
      instant = z.toInstant();
    } else {
      throw new IllegalArgumentException("expected a date, found " + Values.describe(value));
    }
    instant = instant.truncatedTo(ChronoUnit.MILLIS);
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      throw new IllegalArgumentException("date " + Values.quote(String.valueOf(value))
          + " is outside the years 0000 to 9999");
    }
    return instant;
  }

  private static Instant epochMillis(BigDecimal millis, Object original) {
    try {
      return Instant.ofEpochMilli(millis.setScale(0, java.math.RoundingMode.DOWN).longValueExact());
    } catch (ArithmeticException | DateTimeException e) {
      throw new IllegalArgumentException("date " + original + " is out of range");
    }
  }

  private static Instant parseString(String s) {
    Instant fast = parseCanonical(s);
    if (fast != null) {
      return fast;
    }
    String text = s.strip().toUpperCase(java.util.Locale.ROOT);
    if (text.length() > 10 && text.charAt(10) == ' ') {
      text = text.substring(0, 10) + 'T' + text.substring(11);
    }
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      TemporalAccessor parsed = DATE_TIME.parse(text);
      LocalDateTime local = LocalDateTime.from(parsed);
      ZoneOffset offset = parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)
          ? ZoneOffset.from(parsed) : ZoneOffset.UTC;
      return local.toInstant(offset);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("not a date: " + Values.quote(s)
          + " (write an ISO-8601 date such as 2025-03-01T12:34:56.789Z, or epoch milliseconds)");
    }
  }

  /** Parses exactly {@code YYYY-MM-DDTHH:MM:SS.sssZ} quickly; null for any other form. */
  private static Instant parseCanonical(String s) {
    if (s.length() != 24 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != '.'
        || s.charAt(23) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    int milli = digits(s, 20, 3);
    if ((year | month | day | hour | minute | second | milli) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, milli * 1_000_000)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Formats as {@code 2025-03-01T12:34:56.789Z}. */
  public static String format(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    int millis = instant.getNano() / 1_000_000;
    char[] out = new char[24];
    put(out, 0, t.getYear(), 4);
    out[4] = '-';
    put(out, 5, t.getMonthValue(), 2);
    out[7] = '-';
    put(out, 8, t.getDayOfMonth(), 2);
    out[10] = 'T';
    put(out, 11, t.getHour(), 2);
    out[13] = ':';
    put(out, 14, t.getMinute(), 2);
    out[16] = ':';
    put(out, 17, t.getSecond(), 2);
    out[19] = '.';
    put(out, 20, millis, 3);
    out[23] = 'Z';
    return new String(out);
  }

  private static void put(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
