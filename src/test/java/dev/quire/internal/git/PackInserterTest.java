package dev.quire.internal.git;

import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stored-mode zlib streams a big transaction's blobs are written in. */
public class PackInserterTest {
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 540, 65534, 65535, 65536, 131070, 131071, 200_001})
  void storedStreamsInflateBackAndMatchWhatZlibWrites(int size) throws DataFormatException {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);

    byte[] stored = PackInserter.stored(data, 0, data.length);
    byte[] padded = new byte[size + 5];
    System.arraycopy(data, 0, padded, 3, size);
    assertArrayEquals(stored, PackInserter.stored(padded, 3, size), "a range of a bigger array");

    Inflater inflater = new Inflater();
    inflater.setInput(stored);
    byte[] back = new byte[size + 1];
    int n = inflater.inflate(back);
    assertTrue(inflater.finished(), "the stream ends, checksum included");
    assertEquals(0, inflater.getRemaining(), "nothing after the checksum");
    assertEquals(size, n);
    assertArrayEquals(data, java.util.Arrays.copyOf(back, n));
    inflater.end();

    Deflater zlib = new Deflater(Deflater.NO_COMPRESSION);
    zlib.setInput(data);
    zlib.finish();
    byte[] expected = new byte[size + 5 * (size / 65535 + 2) + 16];
    int len = 0;
    while (!zlib.finished()) {
      len += zlib.deflate(expected, len, expected.length - len);
    }
    zlib.end();
    assertEquals(len, stored.length, "the same framing as zlib's stored mode");
    assertArrayEquals(java.util.Arrays.copyOfRange(expected, 2, len), java.util.Arrays.copyOfRange(stored, 2, len),
        "the same blocks and checksum as zlib's stored mode");
  }
}
