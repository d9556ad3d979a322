package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * A standalone master that nothing answers is refused before Spark starts (Spark tried for 60 s,
 * printing stack traces); one that answers, and every other kind of master, pass.
 */
class MasterCheckTest {

  @Test
  void aMasterNothingAnswersIsRefusedInOneLine() throws Exception {
    // a client socket bound to a port holds it without listening: nothing answers there, and no
    // other process can take the port while the test runs (a closed server socket's port could be)
    try (Socket held = new Socket()) {
      held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int free = held.getLocalPort();
      String master = "spark://127.0.0.1:" + free;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DriverCommand.checkStandaloneMaster(master));
      assertTrue(e.getMessage().startsWith("--master " + master + ": no Spark master answers at 127.0.0.1:" + free),
          e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> DriverCommand.checkStandaloneMaster("spark://127.0.0.1"));
  }

  @Test
  void aMasterThatAnswersAndOtherMastersPass() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = s.getLocalPort();
      assertDoesNotThrow(() -> DriverCommand.checkStandaloneMaster("spark://127.0.0.1:" + port));
      // high availability: one of the listed masters answering is enough
      assertDoesNotThrow(() -> DriverCommand.checkStandaloneMaster("spark://127.0.0.1:1,127.0.0.1:" + port));
    }
    assertDoesNotThrow(() -> DriverCommand.checkStandaloneMaster("local[2]"));
    assertDoesNotThrow(() -> DriverCommand.checkStandaloneMaster("yarn"));
  }
}
