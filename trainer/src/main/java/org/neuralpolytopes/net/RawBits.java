package org.neuralpolytopes.net;

import java.lang.reflect.Field;
import java.util.Objects;
import sun.misc.Unsafe;

/**
 * A double[]'s elements read and written as their 64-bit patterns, in loops that C2 vectorises.
 *
 * <p>{@link Double#doubleToRawLongBits} and {@link Double#longBitsToDouble} are register moves that
 * JDK 17's C2 never packs into vector instructions, so a loop using them runs scalar (0.65-0.75
 * ns per element in the activation kernels, two to four times one of their vector loops). Reading the same
 * array's words with {@link Unsafe#getLong} and writing them with {@link Unsafe#putLong} gives the
 * same bits, and C2 vectorises such a loop like one over a long[] (0.14 ns per element for the
 * cube root's estimate, measured; {@code bench/RESULTS.md} section 15). Integer arithmetic in
 * these loops must stay within what C2 vectorises on longs (add, subtract, and, or, shifts,
 * multiply, an or-reduction); {@link Math#multiplyHigh} and conversions to and from double are
 * not.
 *
 * <p>To C2 these are "mismatched" accesses (a long read from a double[]), a kind its vectoriser
 * has had bugs with in other JDK versions; {@code RawBitsKernelsTest} therefore checks the loops
 * once compiled against the point-wise results, to the bit.
 *
 * <p>Unsafe does not check indices: each loop checks its rows once with {@link #check} before it
 * starts. ({@code sun.misc.Unsafe} is in the {@code jdk.unsupported} module, exported to every
 * class path application; the driver uses {@code sun.misc.Signal} from the same module.)
 */
final class RawBits {

  private static final Unsafe UNSAFE = unsafe();
  private static final long BASE = Unsafe.ARRAY_DOUBLE_BASE_OFFSET;

  /** The sign bit of a double's bits. */
  static final long SIGN_BIT = 0x8000000000000000L;

  private RawBits() {}

  private static Unsafe unsafe() {
    if (Unsafe.ARRAY_DOUBLE_INDEX_SCALE != Long.BYTES) {
      throw new IllegalStateException("a double[] element takes " + Unsafe.ARRAY_DOUBLE_INDEX_SCALE + " bytes, not 8");
    }
    try {
      Field field = Unsafe.class.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      return (Unsafe) field.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("sun.misc.Unsafe is not available", e);
    }
  }

  /** Throws unless i in [0, len) indexes {@code row}: call once before a loop of {@link #get} or {@link #put}. */
  static void check(double[] row, int len) {
    Objects.checkFromIndexSize(0, len, row.length);
  }

  /** Double.doubleToRawLongBits(row[i]), for an index {@link #check}ed before. */
  static long get(double[] row, int i) {
    return UNSAFE.getLong(row, BASE + ((long) i << 3));
  }

  /** row[i] = Double.longBitsToDouble(bits), for an index {@link #check}ed before. */
  static void put(double[] row, int i, long bits) {
    UNSAFE.putLong(row, BASE + ((long) i << 3), bits);
  }
}
