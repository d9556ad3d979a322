package org.neuralpolytopes.train;

import java.util.SplittableRandom;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;

/**
 * Adam steps of one abs_power network at the paper's schedule (10 000 points, batch 1000, the
 * initial weights a run would have with seed 1), for the benchmarks and tests that time or count
 * steps: {@code TrainerStep}, {@code StepsAcrossShapes}, {@code ShapeSequenceRun}.
 */
public final class PaperSteps {

  private final TrainingProblem problem;
  private final double[] w;
  private final double[] grad;
  private final Adam.Moments adam;
  private final int batches;
  private int batch;

  private PaperSteps(Architecture arch) {
    TrainingSettings settings = TrainingSettings.PAPER;
    SplittableRandom root = new SplittableRandom(1);
    double[] points = SphereSampler.sample(root.split(), settings.samples(), arch.d());
    w = Initializer.initialWeights(arch, root.split(), points);
    problem = new TrainingProblem(arch, points, settings.batchSize(), root.split());
    grad = new double[w.length];
    adam = new Adam.Moments(w.length, settings);
    batches = problem.batchCount();
    batch = batches;
  }

  /**
   * The network of a shape "d/layers/units/p" (abs_power; p a decimal number, as "1.3333333333333333").
   *
   * @throws IllegalArgumentException naming the shape when it is not of that form
   */
  public static PaperSteps of(String shape) {
    String[] s = shape.split("/");
    try {
      if (s.length != 4) {
        throw new NumberFormatException();
      }
      return new PaperSteps(new Architecture(Integer.parseInt(s[0].trim()), Integer.parseInt(s[1].trim()),
          Integer.parseInt(s[2].trim()), Activations.of("abs_power", Double.parseDouble(s[3].trim()))));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("shape " + shape + ": expected d/layers/units/p, for example 3/1/4/1");
    }
  }

  /** The mini-batches per epoch. */
  public int batchesPerEpoch() {
    return batches;
  }

  /** One step: the next mini-batch's loss, gradient and Adam update (a shuffle first at each epoch's start); its loss. */
  public double step() {
    if (batch == batches) {
      problem.shuffle();
      batch = 0;
    }
    double loss = problem.batchLossAndGradient(batch++, w, grad);
    adam.update(w, grad);
    return loss;
  }

  /** {@code count} steps. */
  public void steps(int count) {
    for (int i = 0; i < count; i++) {
      step();
    }
  }
}
