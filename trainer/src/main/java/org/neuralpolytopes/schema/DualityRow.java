package org.neuralpolytopes.schema;

import java.io.Serializable;

/**
 * One conjugate pair of the {@code duality/} table (docs/metrics.md, "Duality metrics"): the body at p
 * against the body at q = p / (p - 1) of the same architecture, activation and seed.
 */
public record DualityRow(
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
    Double polarDistance,
    Double alignmentResidual,
    Boolean fvectorDual,
    Double mahlerRatioP,
    Double mahlerRatioQ,
    String error,
    String polarInputs)
    implements Serializable {}
