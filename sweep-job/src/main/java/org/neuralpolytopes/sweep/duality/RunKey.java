package org.neuralpolytopes.sweep.duality;

/**
 * What pairing needs of a run: its id, exponent, and the group it belongs to (every setting but p:
 * architecture, activation, seed, training).
 */
public record RunKey(String runId, double p, String group) {}
