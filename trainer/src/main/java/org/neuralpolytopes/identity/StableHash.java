package org.neuralpolytopes.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stable hashes that name things in the tables: {@code run_id} (a trained network) and
 * {@code measure_id} (a set of geometry settings). Each is the first 64 bits of SHA-256 of a
 * canonical text, as 16 hex digits; doubles enter the text by their exact bits, so an id does not
 * depend on how a number was written.
 */
public final class StableHash {

  private StableHash() {}

  /** The first 64 bits of SHA-256 of {@code canonical}, as 16 lower-case hex digits. */
  public static String hex64(String canonical) {
    byte[] h = sha256(canonical);
    StringBuilder sb = new StringBuilder(16);
    for (int i = 0; i < 8; i++) {
      sb.append(Character.forDigit((h[i] >> 4) & 0xf, 16)).append(Character.forDigit(h[i] & 0xf, 16));
    }
    return sb.toString();
  }

  /** The first 63 bits of SHA-256 of {@code canonical}, as a non-negative long (a seed). */
  public static long long63(String canonical) {
    byte[] h = sha256(canonical);
    long s = 0;
    for (int i = 0; i < 8; i++) {
      s = (s << 8) | (h[i] & 0xff);
    }
    return s & Long.MAX_VALUE;
  }

  /** A double's exact bits, as hex: the form doubles take in canonical texts. */
  public static String bits(double v) {
    return Long.toHexString(Double.doubleToLongBits(v));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
