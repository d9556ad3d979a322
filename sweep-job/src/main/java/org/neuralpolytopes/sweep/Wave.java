package org.neuralpolytopes.sweep;

import java.util.List;

/**
 * Jobs that are committed together as one segment. A wave of re-measured runs replaces the
 * segment its runs are stored in ({@code replaces}): the new segment holds every row of the old
 * one, the re-measured runs' rows new and the others unchanged.
 *
 * @param replaces the segment the wave replaces, or null for a wave of newly trained runs
 */
record Wave(List<RunJob> jobs, String replaces) {}
