package dev.quire.bench;

import dev.quire.codec.CodecLimits;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.exchange.ExportGroup;
import dev.quire.exchange.FullImport;
import dev.quire.model.Entity;
import dev.quire.store.Store;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import org.apache.commons.io.file.PathUtils;

/**
 * The import benchmark ({@code quire bench import}): writes a LiteChat full export of
 * conversations of 50 interactions (about 1 KB each, the write benchmark's shape), then
 * imports it into a new store with a working tree in one commit, through the public API.
 * Reports the import (read, check, write objects, move the branch) and, separately, the
 * catch-up that writes the files into the working tree; the processor time the JVM used
 * during the import, on all its threads (compiler and collector included: a steadier measure
 * than the elapsed time on a shared machine); and the peak heap, summed over the heap's memory
 * pools (an upper bound), reset just before the import.
 */
public final class ImportBench {
  /** One measurement. */
  public record Result(int interactions, int entities, long fileBytes, double importSeconds,
      double checkoutSeconds, double cpuSeconds, long peakHeapBytes, long maxHeapBytes) {
    public double rate() {
      return entities / importSeconds;
    }
  }

  private final Path workDir;
  private final PrintWriter progress;

  public ImportBench(Path workDir, PrintWriter progress) {
    this.workDir = workDir;
    this.progress = progress;
  }

  public Result run(int interactions) {
    try {
      Files.createDirectories(workDir);
      Path file = workDir.resolve("export.json");
      int conversations = Math.max(1, interactions / 50);
      progress.printf("writing an export of %,d interactions in %,d conversations ...%n", interactions, conversations);
      progress.flush();
      write(file, conversations, interactions);
      long size = Files.size(file);
      Path store = workDir.resolve("store");
      PathUtils.deleteDirectory(store.toFile().exists() ? store : Files.createDirectories(store));
      try (Store s = Store.init(store)) {
        progress.printf(Locale.ROOT, "importing %.1f MiB ...%n", size / 1048576.0);
        progress.flush();
        System.gc();
        resetPeaks();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
          FullImport.run(s, in, file.toString(), EnumSet.allOf(ExportGroup.class), FullImport.Mode.REPLACE, null);
        }
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        long peak = peakHeap();
        s.flush();
        long t2 = System.nanoTime();
        return new Result(interactions, interactions + conversations, size, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
            cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e9, peak, Runtime.getRuntime().maxMemory());
      } finally {
        PathUtils.deleteDirectory(store);
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, int conversations, int interactions) throws IOException {
    EntityCodec codec = new EntityCodec(CodecLimits.DEFAULT);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("{\n  \"version\": 1,\n  \"exportedAt\": \"2025-04-01T00:00:00.000Z\",\n  \"conversations\": [\n");
      for (int c = 0; c < conversations; c++) {
        w.write(indent(codec.encodeToString(WriteBench.conversation(c, 0), Format.JSON)));
        w.write(c < conversations - 1 ? ",\n" : "\n");
      }
      w.write("  ],\n  \"interactions\": [\n");
      for (int n = 0; n < interactions; n++) {
        Entity e = WriteBench.interaction(n % conversations, n / conversations);
        w.write(indent(codec.encodeToString(e, Format.JSON)));
        w.write(n < interactions - 1 ? ",\n" : "\n");
      }
      w.write("  ]\n}\n");
    }
  }

  /** An entity's JSON file text, as an element of a list two levels deep. */
  private static String indent(String json) {
    return "    " + json.strip().replace("\n", "\n    ");
  }

  /** The processor time of this JVM so far, or -1 when it cannot tell. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
