package dev.quire.codec;

import java.math.BigDecimal;

/**
 * Writes numbers the way JavaScript's {@code Number.prototype.toString} does ({@code 0.5},
 * {@code 1e-7}, {@code 1e+21}), so that JSON files match what LiteChat writes. The same text
 * is valid YAML 1.2 and reads back as the same number.
 */
final class JsNumbers {
  private JsNumbers() {}

  static String format(Number n) {
    if (!(n instanceof Double d)) {
      return n.toString();
    }
    if (d == 0) {
      return "0";
    }
    // Shortest digits that read back as d, and the decimal exponent.
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int k = digits.length();
    int n10 = k - exact.scale(); // value = 0.digits × 10^n10
    StringBuilder sb = new StringBuilder();
    if (d < 0) {
      sb.append('-');
    }
    if (k <= n10 && n10 <= 21) {
      sb.append(digits).append("0".repeat(n10 - k));
    } else if (0 < n10 && n10 <= 21) {
      sb.append(digits, 0, n10).append('.').append(digits, n10, k);
    } else if (-6 < n10 && n10 <= 0) {
      sb.append("0.").append("0".repeat(-n10)).append(digits);
    } else {
      int e = n10 - 1;
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits, 1, k);
      }
      sb.append('e').append(e >= 0 ? '+' : '-').append(Math.abs(e));
    }
    return sb.toString();
  }
}
