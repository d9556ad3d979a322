package org.neuralpolytopes.sweep;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Counts finished runs from Spark's task events and shows them: a progress bar (done / total,
 * not-OK count, ETA) on a terminal, a plain line every 10% or minute otherwise. Only the sweep's
 * own jobs' stages count (their job group), each partition once (a task may carry several runs:
 * its accumulator updates say how many), successful attempts only.
 */
final class SweepProgress extends SparkListener implements AutoCloseable {

  static final String JOB_GROUP = "polytopes-train";
  static final String NOT_OK = "polytopes.not_ok";
  static final String DONE = "polytopes.done";

  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
  private final Set<String> finished = new HashSet<>();
  private final long total;
  private final String label;
  private final ProgressBar bar;
  private final PrintStream plain;
  private final long start = System.nanoTime();
  private long notOk;
  private long done;
  private long lastPrintNanos = System.nanoTime();
  private int lastPrintedDecile;
  private boolean closed;

  SweepProgress(String label, long total, boolean terminal, PrintStream err) {
    this.label = label;
    this.total = total;
    if (terminal) {
      bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(total)
          .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(500)
          .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err))
          .setUnit(" runs", 1).build();
      plain = null;
    } else {
      bar = null;
      plain = err;
    }
    DriverSignals.showing(this);
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    String group = jobStart.properties() == null ? null : jobStart.properties().getProperty("spark.jobGroup.id");
    if (JOB_GROUP.equals(group)) {
      for (StageInfo s : CollectionConverters.asJava(jobStart.stageInfos())) {
        stages.add(s.stageId());
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (!stages.contains(taskEnd.stageId()) || taskEnd.reason() != Success$.MODULE$) {
      return;
    }
    long failedHere = 0;
    long doneHere = 0;
    for (AccumulableInfo info : CollectionConverters.asJava(taskEnd.taskInfo().accumulables())) {
      if (info.name().isDefined() && info.update().isDefined()) {
        if (NOT_OK.equals(info.name().get())) {
          failedHere += ((Number) info.update().get()).longValue();
        } else if (DONE.equals(info.name().get())) {
          doneHere += ((Number) info.update().get()).longValue();
        }
      }
    }
    synchronized (this) {
      if (!finished.add(taskEnd.stageId() + ":" + taskEnd.taskInfo().index())) {
        return;
      }
      notOk += failedHere;
      done += doneHere;
      show();
    }
  }

  private void show() {
    if (closed) {
      return;
    }
    if (bar != null) {
      bar.stepTo(done);
      bar.setExtraMessage(notOk > 0 ? notOk + " not OK" : "");
      return;
    }
    int decile = total == 0 ? 10 : (int) (10L * done / total);
    long now = System.nanoTime();
    if (decile > lastPrintedDecile || now - lastPrintNanos > 60e9 || done == total) {
      lastPrintedDecile = decile;
      lastPrintNanos = now;
      double elapsed = (now - start) / 1e9;
      String eta = done == 0 ? "?" : String.format("%.0f s", elapsed * (total - done) / done);
      plain.printf("%s: %d / %d runs done, %d not OK, %.0f s elapsed, ETA %s%n",
          label, done, total, notOk, elapsed, eta);
    }
  }

  synchronized long done() {
    return done;
  }

  /** Stops showing progress (a stopped driver's last line is its own); the bar ends its line. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    DriverSignals.hidden(this);
    if (bar != null) {
      bar.close();
    }
  }
}
