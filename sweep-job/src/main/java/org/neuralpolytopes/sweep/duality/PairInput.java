package org.neuralpolytopes.sweep.duality;

import java.io.Serializable;

/**
 * Everything a task needs to measure one pair: both networks and what runs/ already knows. The
 * activation's trained coefficients and their shape are null except for era and era_even.
 */
record PairInput(
    String runIdP,
    String runIdQ,
    int d,
    int layers,
    int units,
    String activation,
    int seedIndex,
    long seed,
    double p,
    double q,
    boolean qIsLimit,
    double[] weightsP,
    double[] weightsQ,
    int[] activationShape,
    double[] coefficientsP,
    double[] coefficientsQ,
    int[] countsP,
    int[] countsQ,
    Double mahlerRatioP,
    Double mahlerRatioQ,
    int directions)
    implements Serializable {

  /**
   * The version of the polar distance's algorithm ({@code PolarDistance}, {@code RotatedRadii}):
   * part of {@link #polarInputs}, so stored distances are measured again when it changes. Change it
   * whenever a change of that code changes its results.
   */
  static final String POLAR_VERSION = "2026-11-28 the maximum over the sphere: peaks climbed, aligned again";

  /**
   * A fingerprint of everything the polar distance is computed from: both networks (architecture,
   * activation, exponents, weights, trained coefficients), the directions and {@link #POLAR_VERSION}
   * (SHA-256, the first 16 bytes in hex). Not the runs' face counts or Mahler ratios, which the
   * row takes from runs/ as they are.
   */
  String polarInputs() {
    java.security.MessageDigest sha;
    try {
      sha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeUTF(POLAR_VERSION);
      out.writeInt(d);
      out.writeInt(layers);
      out.writeInt(units);
      out.writeUTF(activation);
      out.writeDouble(p);
      out.writeDouble(q);
      out.writeBoolean(qIsLimit);
      out.writeInt(directions);
      for (double[] a : new double[][] {weightsP, weightsQ, coefficientsP, coefficientsQ}) {
        out.writeInt(a == null ? -1 : a.length);
        for (double x : a == null ? new double[0] : a) {
          out.writeLong(Double.doubleToLongBits(x));
        }
      }
      out.writeInt(activationShape == null ? -1 : activationShape.length);
      for (int x : activationShape == null ? new int[0] : activationShape) {
        out.writeInt(x);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return java.util.HexFormat.of().formatHex(sha.digest(bytes.toByteArray()), 0, 16);
  }
}
