package org.neuralpolytopes.sweep;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code polytopes compact DIR}: merges a sweep output's small segments into files of about
 * 128 MB at most ({@link Compaction}), under the folder's lock; a sweep does the same at its end.
 */
@Command(name = "compact", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Merge a sweep output's small table files into large ones (each change atomic).")
public final class CompactCommand extends DriverCommand {

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep output folder")
  String dir;

  @Override
  public Integer call() {
    return onLockedFolder("polytopes compact", dir, "compaction", true, f -> { }, false, (spark, folder) -> {
      Maintenance.recover(folder.store(), console);
      Maintenance.restoreInvariants(folder.store(), console);
      Compaction.Result r = Compaction.run(folder.store(), console);
      if (r.groups() == 0) {
        console.printf("nothing to compact: %d segment(s) per table%n", r.segmentsBefore());
      }
      return 0;
    });
  }
}
