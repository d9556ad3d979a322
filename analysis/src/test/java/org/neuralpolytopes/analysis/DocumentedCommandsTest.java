package org.neuralpolytopes.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.cli.TrainCommand;
import org.neuralpolytopes.sweep.CensusCommand;
import org.neuralpolytopes.sweep.CheckCommand;
import org.neuralpolytopes.sweep.CompactCommand;
import org.neuralpolytopes.sweep.DualityCommand;
import org.neuralpolytopes.sweep.MeasureCommand;
import org.neuralpolytopes.sweep.StatusCommand;
import org.neuralpolytopes.sweep.SweepCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command table of docs/commands.md lists exactly the options each command has (the launcher's
 * own {@code --report} of {@code sweep} besides).
 */
class DocumentedCommandsTest {

  private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");

  @Test
  void theCommandTableListsEveryOptionOfEveryCommand() throws IOException {
    assertEquals(options(SweepCommand.class, "--report"), documented("sweep"));
    assertEquals(options(DualityCommand.class), documented("duality"));
    assertEquals(options(MeasureCommand.class), documented("measure"));
    assertEquals(options(CompactCommand.class), documented("compact"));
    assertEquals(options(StatusCommand.class), documented("status"));
    assertEquals(options(CensusCommand.class), documented("census"));
    assertEquals(options(CheckCommand.class), documented("check"));
    assertEquals(options(TrainCommand.class), documented("train"));
    assertEquals(options(ReportCommand.class), documented("report"));
    assertEquals(options(DrawCommand.class), documented("draw"));
  }

  /** The long options of a picocli command, without the standard --help and --version. */
  private static Set<String> options(Class<?> command, String... launcherOptions) {
    Set<String> out = new TreeSet<>(Set.of(launcherOptions));
    for (OptionSpec o : new CommandLine(command).getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp()) {
        out.add(o.longestName());
      }
    }
    return out;
  }

  /** The options in the usage of {@code bin/polytopes NAME ...} in the command table. */
  private static Set<String> documented(String name) throws IOException {
    String text = Files.readString(Path.of("..", "docs", "commands.md"));
    Matcher row = Pattern.compile("(?m)^\\| `bin/polytopes " + name + " ([^`]*)` \\|").matcher(text);
    assertTrue(row.find(), "docs/commands.md has no row for " + name);
    Set<String> out = new TreeSet<>();
    Matcher m = OPTION.matcher(row.group(1));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
