/**
 * Not API. The benchmarks behind {@code quire bench}: they build stores and measure the public
 * API (and C git where it is compared), run on demand, never in the test suite.
 */
package dev.quire.bench;
