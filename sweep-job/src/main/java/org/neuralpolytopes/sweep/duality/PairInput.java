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
    implements Serializable {}
