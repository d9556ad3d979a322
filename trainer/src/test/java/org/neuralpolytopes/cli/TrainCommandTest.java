package org.neuralpolytopes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code polytopes train} applies the sweep spec's bounds and reads the spec's number forms. */
class TrainCommandTest {

  /** A run small enough to finish in a moment. */
  static final List<String> TINY = List.of("--epochs", "2", "--samples", "40", "--batch-size", "20",
      "--directions", "16", "--morse-points", "100");

  record Result(int exit, String out, String err) {}

  static synchronized Result train(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = TrainCommand.run(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static String[] with(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(TINY);
    return all.toArray(String[]::new);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--d 65 --layers 1 --units 3        | --d: must be between 2 and 64, got 65",
      "--d 3 --layers 65 --units 3        | --layers: must be between 1 and 64, got 65",
      "--d 2147483647 --layers 1 --units 3 | --d: must be between 2 and 64, got 2147483647",
      "--d 3 --layers 1 --units 5000      | --units: must be between 1 and 4096, got 5000",
      "--d 3 --layers 1 --units 3 --p 0   | --p: exponents must be finite and > 0, got 0.0",
      "--d 3 --layers 1 --units 3 --p 1/0 | --p: division by zero in '1/0'",
      "--d 3 --layers 1 --units 3 --p NaN | --p: expected a number or a fraction such as 4/3, got 'NaN'",
      "--d 3 --layers 1 --units 3 --p four | --p: expected a number or a fraction such as 4/3, got 'four'",
      "--d 3 --layers 1 --units 3 --epochs 0 | --epochs: must be between 1 and 100000000, got 0",
      "--d 3 --layers 1 --units 3 --samples 10 --batch-size 20 | --batch-size: batch_size 20 exceeds samples 10",
      "--d 3 --layers 1 --units 3 --directions 8 | --directions: must be between 16 and 10000000, got 8"})
  void outOfRangeValuesAreOneLineAndExitTwo(String args, String message) {
    List<String> argv = new ArrayList<>(List.of(args.trim().split(" +")));
    Result r = train(argv.toArray(String[]::new));
    assertEquals(2, r.exit(), r.toString());
    assertEquals("error: " + message, r.err().strip(), r.toString());
    assertEquals("", r.out());
  }

  @Test
  void aFractionalExponentIsAcceptedAsInASpec() throws Exception {
    Result r = train(with("--d", "2", "--layers", "1", "--units", "3", "--p", "4/3"));
    assertNotEquals(2, r.exit(), r.toString());
    JsonNode row = new ObjectMapper().readTree(r.out());
    assertEquals(4.0 / 3.0, row.get("p").doubleValue(), 0.0, "the exact quotient");
    Result decimal = train(with("--d", "2", "--layers", "1", "--units", "3", "--p", "1.3333333333333333"));
    assertEquals(row.get("run_id").textValue(), new ObjectMapper().readTree(decimal.out()).get("run_id").textValue(),
        "4/3 and its decimal are the same configuration");
    assertTrue(r.err().isEmpty(), r.err());
  }
}
