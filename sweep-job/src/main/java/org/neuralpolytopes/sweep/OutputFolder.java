package org.neuralpolytopes.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.SweepTables;
import org.neuralpolytopes.sweep.store.StorageFailure;
import org.neuralpolytopes.sweep.store.TableStore;

/**
 * A sweep's output folder on any Hadoop file system (a plain path, file://, hdfs://, s3a://):
 *
 * <pre>
 * OUT/_sweep.json   the manifest: schema version, the spec as run, counts, invocations
 * OUT/_lock         present while a sweep writes here: host, pid, start (a heartbeat touches it)
 * OUT/runs/         Parquet, one file per segment: seg-ID.parquet (and so on for every table
 *                   of SweepTables; see TableStore)
 * OUT/_staging/     changes being committed (see TableStore); never read as data
 * </pre>
 *
 * A folder is usable when it does not exist, is empty, or holds a manifest of this schema
 * version; anything else is refused before anything is written.
 */
public final class OutputFolder {

  public static final String MANIFEST = "_sweep.json";
  public static final String LOCK = "_lock";
  /** Tables a sweep writes: per-run tables, then tables derived from them. */
  public static final List<String> TABLES = SweepTables.schemas().stream().map(s -> s.name()).toList();

  /** A lock not touched for this long belongs to a dead sweep. */
  static final Duration STALE_AFTER = Duration.ofMinutes(5);
  /**
   * A lock that cannot be read (empty, cut short) and is older than this was left by a taker
   * that died or failed while writing it: a live taker writes its lock in one call and reads it
   * back within {@link #CONFIRM}.
   */
  static final Duration UNREADABLE_STALE_AFTER = Duration.ofSeconds(10);
  static final Duration HEARTBEAT = Duration.ofSeconds(30);
  /**
   * HDFS closes a file once a DataNode has reported its last block; the client asks the NameNode
   * again with doubling waits, 5 times (12 s) by default, and then fails the close with "does not
   * have enough number of replicas" although the block is written. A busy DataNode can take longer
   * than that, so the folder's client asks up to {@value #CLOSE_RETRIES_DEFAULT} times (about 100 s)
   * unless the user's configuration sets this key.
   */
  static final String CLOSE_RETRIES = "dfs.client.block.write.locateFollowingBlock.retries";
  static final int CLOSE_RETRIES_DEFAULT = 8;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String uri;
  /** How messages name the folder: "--out DIR" or "DIR". */
  private final String label;
  /** Named by a sweep's --out: a folder that is not a sweep output is refused with "choose a new folder". */
  private final boolean sweepOutput;
  private final Path root;
  private final FileSystem fs;
  private final Configuration conf;
  private Thread heartbeat;
  /**
   * Whether this command created the lock file and has not removed it: set as soon as it exists,
   * so that a signal during the lock's confirmation (before the heartbeat starts) removes it too
   * (a Ctrl-C 0.8-1.1 s after a sweep started left the lock, and a folder holding only it).
   */
  private volatile boolean lockCreated;
  /** Whether {@link #lock()} created the folder itself (it did not exist). */
  private volatile boolean createdFolder;

  public OutputFolder(String uri, Configuration conf) throws OutputException {
    this(uri, conf, "--out");
  }

  /**
   * A folder as a command names it: {@code option} is how its messages name it ("--out" for a
   * sweep's output; "" for a command whose argument the folder is: "error: DIR: ...").
   */
  public OutputFolder(String uri, Configuration conf, String option) throws OutputException {
    this.uri = uri;
    this.label = option.isEmpty() ? uri : option + " " + uri;
    this.sweepOutput = option.equals("--out");
    this.conf = withCloseRetries(conf);
    try {
      this.root = new Path(uri);
      this.fs = root.getFileSystem(this.conf);
    } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
      throw new OutputException(label + ": no file system for scheme " + new Path(uri).toUri().getScheme()
          + " (" + firstLine(e.getMessage()) + ")", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new OutputException(label + ": cannot open this file system (" + firstLine(e.getMessage()) + ")", e);
    } catch (RuntimeException e) {
      // a scheme Hadoop knows whose connector is missing: s3a without hadoop-aws
      String scheme = new Path(uri).toUri().getScheme();
      throw new OutputException(label + ": no file system for scheme " + scheme + " (" + firstLine(e.getMessage())
          + ")" + ("s3a".equals(scheme) ? "; add Hadoop's S3 connector: --packages org.apache.hadoop:hadoop-aws:3.4.2" : ""), e);
    }
  }

  public String uri() {
    return uri;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  public Path table(String name) {
    return new Path(root, name);
  }

  /** The folder itself. */
  Path root() {
    return root;
  }

  /** A path inside the folder. */
  Path path(String name) {
    return new Path(root, name);
  }

  FileSystem fileSystem() {
    return fs;
  }

  /**
   * Refuses a path that is a file, a non-empty folder that is not a sweep output, or a sweep
   * output of another schema version. Writes nothing.
   */
  public void checkUsable() throws OutputException {
    try {
      if (!fs.exists(root)) {
        return;
      }
      FileStatus st = fs.getFileStatus(root);
      if (!st.isDirectory()) {
        throw new OutputException(label + ": is a file, not a folder");
      }
      FileStatus[] children = fs.listStatus(root);
      if (children.length == 0) {
        return;
      }
      Path manifest = new Path(root, MANIFEST);
      if (!fs.exists(manifest) && fs.exists(new Path(root, LOCK))) {
        return; // a sweep that has only just started (or died starting): the lock decides
      }
      if (!fs.exists(manifest)) {
        throw new OutputException(label + ": " + (sweepOutput ? "not empty and " : "") + "not a sweep output (no "
            + MANIFEST + ")" + (sweepOutput ? "; choose a new folder" : ""));
      }
      Map<String, Object> m = readManifest().orElseThrow();
      Object version = m.get("schema_version");
      if (!(version instanceof Number n) || n.intValue() != RunsTable.SCHEMA_VERSION) {
        throw new OutputException(label + ": written with schema_version " + version
            + ", this build writes " + RunsTable.SCHEMA_VERSION + "; use a new folder");
      }
    } catch (IOException e) {
      throw new OutputException(label + ": cannot read (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  /** The manifest, if the folder has one. */
  @SuppressWarnings("unchecked")
  public Optional<Map<String, Object>> readManifest() throws OutputException {
    Path manifest = new Path(root, MANIFEST);
    try {
      if (!fs.exists(manifest)) {
        return Optional.empty();
      }
      Object m;
      try (InputStream in = fs.open(manifest)) {
        m = JSON.readValue(in, Object.class);
      }
      String damage = damage(m);
      if (damage != null) {
        throw new OutputException(label + ": " + MANIFEST + " " + damage + "; restore it, or "
            + org.neuralpolytopes.schema.SweepFolderCheck.repairCommand(uri) + " sets it aside and writes a new one"
            + " (the tables are kept)");
      }
      return Optional.of(new LinkedHashMap<>((Map<String, Object>) m));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new OutputException(label + ": " + MANIFEST + " is not readable JSON (" + firstLine(e.getOriginalMessage())
          + "); restore it, or " + org.neuralpolytopes.schema.SweepFolderCheck.repairCommand(uri)
          + " sets it aside and writes a new one (the tables are kept)", e);
    } catch (IOException e) {
      throw new OutputException(label + ": cannot read " + MANIFEST + " (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  /** Why a parsed manifest is not one (null when it is a JSON object). */
  private static String damage(Object m) {
    return m instanceof Map<?, ?> ? null : "is not a JSON object (it holds "
        + (m == null ? "null" : m instanceof List<?> ? "a list" : "a " + m.getClass().getSimpleName().toLowerCase()) + ")";
  }

  /**
   * Why the manifest cannot be used, when it exists and is not a JSON object or not JSON at all
   * (what {@code check --repair} sets aside); null when it is absent, readable, or unreadable for
   * another reason (a permission: not damage).
   */
  public String manifestDamage() throws IOException {
    Path manifest = new Path(root, MANIFEST);
    if (!fs.exists(manifest) || !fs.getFileStatus(manifest).isFile()) {
      return null;
    }
    try (InputStream in = fs.open(manifest)) {
      return damage(JSON.readValue(in, Object.class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return "is not readable JSON (" + firstLine(e.getOriginalMessage()) + ")";
    }
  }

  /** Set by {@link #endManifest}: the command's later manifest writes are dropped. */
  private boolean manifestEnded;

  /**
   * The command's last manifest write, a signal's or a failure's ({@link Manifests#abort}): reads
   * the manifest, changes it and writes it with no other write of this folder in between, and
   * drops the command's later ones. A wave committed while a signal stopped the driver used to
   * write its progress (state "running") over the signal's "interrupted" (a race in
   * {@code DriverSignalIT}).
   */
  synchronized void endManifest(java.util.function.UnaryOperator<Map<String, Object>> change)
      throws OutputException, IOException {
    Optional<Map<String, Object>> m = readManifest();
    if (m.isPresent()) {
      writeManifest(change.apply(m.get()));
    }
    manifestEnded = true;
  }

  /**
   * Replaces the manifest (written beside it, then renamed over it): on a local folder and on
   * HDFS in one atomic rename, so that there is no moment without a {@code _sweep.json}; on other
   * file systems the old manifest is deleted first.
   */
  public synchronized void writeManifest(Map<String, Object> manifest) throws IOException {
    if (manifestEnded) {
      return;
    }
    try {
      replaceManifest(manifest);
    } catch (IOException | org.apache.hadoop.fs.FSError e) {
      throw e instanceof StorageFailure f ? f : new StorageFailure(new Path(root, MANIFEST), e);
    }
  }

  private void replaceManifest(Map<String, Object> manifest) throws IOException {
    Path tmp = new Path(root, "._sweep.json.tmp");
    Path target = new Path(root, MANIFEST);
    if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) {
      // one atomic rename over the old manifest: no moment without a _sweep.json (written
      // without Hadoop's .crc side file, whose old copy is removed first)
      java.nio.file.Path file = local.pathToFile(tmp).toPath();
      java.nio.file.Files.write(file, JSON.writeValueAsBytes(manifest));
      java.nio.file.Files.deleteIfExists(local.pathToFile(local.getChecksumFile(target)).toPath());
      java.nio.file.Files.move(file, local.pathToFile(target).toPath(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(JSON.writeValueAsBytes(manifest));
    }
    if (fs instanceof org.apache.hadoop.hdfs.DistributedFileSystem hdfs) {
      // HDFS's rename with OVERWRITE: one atomic NameNode operation
      hdfs.rename(tmp, target, org.apache.hadoop.fs.Options.Rename.OVERWRITE);
      return;
    }
    if (fs.exists(target)) {
      fs.delete(target, false);
    }
    if (!fs.rename(tmp, target)) {
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
  }

  /** A copy of the configuration with {@link #CLOSE_RETRIES} raised, unless a file of the user's sets it. */
  static Configuration withCloseRetries(Configuration conf) {
    Configuration copy = new Configuration(conf);
    String[] sources = copy.getPropertySources(CLOSE_RETRIES);
    boolean set = sources != null && java.util.Arrays.stream(sources).anyMatch(src -> !src.endsWith("-default.xml"));
    if (!set) {
      copy.setInt(CLOSE_RETRIES, CLOSE_RETRIES_DEFAULT);
    }
    return copy;
  }

  /**
   * Takes the folder's lock, or refuses when another live sweep holds it. A lock is stale when
   * its holder ran on this host and its process is gone, or when its heartbeat stopped more than
   * {@link #STALE_AFTER} ago; a stale lock is taken over.
   *
   * <p>Two sweeps started at the same moment: the lock file is created exclusively (on a local
   * folder with O_CREAT | O_EXCL, {@link java.nio.file.StandardOpenOption#CREATE_NEW}; on HDFS
   * by its atomic create without overwrite), so only one of them creates it. Each lock carries a
   * random token that its taker reads back after {@link #CONFIRM}: two sweeps that both took over
   * the same stale lock (one deleting the other's fresh lock) cannot both keep it.
   */
  public void lock() throws OutputException {
    Path lock = new Path(root, LOCK);
    Map<String, Object> me = new LinkedHashMap<>();
    String token = java.util.UUID.randomUUID().toString();
    me.put("host", host());
    me.put("pid", ProcessHandle.current().pid());
    me.put("started_at", Instant.now().toString());
    me.put("token", token);
    boolean existed = false;
    try {
      existed = fs.exists(root);
      fs.mkdirs(root);
      createdFolder = !existed;
      byte[] content = JSON.writeValueAsBytes(me);
      for (int attempt = 0; attempt < 2; attempt++) {
        if (createExclusive(lock, content)) {
          lockCreated = true;
          if (!confirm(lock, token)) {
            lockCreated = false; // another sweep's now
            break;
          }
          startHeartbeat(lock);
          return;
        }
        if (!breakIfStale(lock)) {
          break;
        }
      }
      if (!lockReadableSoon(lock)) {
        throw new OutputException(label + ": " + lock + " cannot be read yet (another sweep may be taking the"
            + " lock right now); try again in a few seconds");
      }
      throw new OutputException(label + ": another sweep is writing here (" + describeLock(lock)
          + "); wait for it, or delete " + new Path(root, LOCK) + " if it is dead");
    } catch (IOException | org.apache.hadoop.fs.FSError e) {
      // exit 2 promises that nothing was written: a folder this take created goes again
      if (!existed) {
        removeIfEmpty(root);
      }
      throw new OutputException(label + ": cannot take the lock: cannot write " + lock + " ("
          + org.neuralpolytopes.sweep.DriverCommand.rootMessage(e) + ")", e);
    }
  }

  /** How long a refused taker waits for a lock that another sweep is still writing to become readable. */
  static final Duration SETTLE = Duration.ofSeconds(2);
  /**
   * How long a refused taker waits for a lock that HDFS still has open: its taker's close can
   * wait for the DataNode for as long as {@link #CLOSE_RETRIES} allows.
   */
  static final Duration OPEN_SETTLE = Duration.ofMinutes(2);

  /**
   * Whether the lock can be read, or is gone, within {@link #SETTLE}, or {@link #OPEN_SETTLE}
   * while HDFS has it open: a lock that another sweep created a moment ago is empty until its
   * taker closes it (on HDFS until the close reaches the NameNode), so a refusal waits for it
   * before it says who holds the folder.
   */
  private boolean lockReadableSoon(Path lock) throws IOException {
    long start = System.nanoTime();
    while (true) {
      if (readLock(lock) != null || !fs.exists(lock)) {
        return true;
      }
      long waited = System.nanoTime() - start;
      if (waited > OPEN_SETTLE.toNanos() || waited > SETTLE.toNanos() && !beingWritten(lock)) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** Deletes a folder if it holds nothing (best effort). */
  private void removeIfEmpty(Path dir) {
    try {
      if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException | RuntimeException e) {
      // left as it is
    }
  }

  /** How long a new lock's taker waits before it reads its token back. */
  static final Duration CONFIRM = Duration.ofMillis(300);

  /**
   * Creates the lock file with the content, or returns false when it exists. A lock this take
   * created but could not write (a full disk) is removed again: no empty lock is left behind.
   */
  private boolean createExclusive(Path lock, byte[] content) throws IOException {
    if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) {
      java.nio.file.Path file = local.pathToFile(lock).toPath();
      java.nio.channels.SeekableByteChannel ch;
      try {
        ch = java.nio.file.Files.newByteChannel(file, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      }
      try (ch) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      } catch (IOException e) {
        java.nio.file.Files.deleteIfExists(file);
        throw e;
      }
      return true;
    }
    OutputStream out;
    try {
      out = fs.create(lock, false);
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (org.apache.hadoop.ipc.RemoteException e) {
      // HDFS refuses the create with these while another client still writes the file (holds
      // its lease) or while the NameNode recovers a dead writer's lease: the lock exists
      if (LOCK_BEING_WRITTEN.contains(e.getClassName())) {
        return false;
      }
      throw e;
    }
    try (out) {
      out.write(content);
    } catch (IOException | org.apache.hadoop.fs.FSError e) {
      try {
        fs.delete(lock, false);
      } catch (IOException | RuntimeException ignored) {
        // the failure below is what the user needs to know
      }
      throw e;
    }
    return true;
  }

  /** The NameNode's refusals of a create without overwrite for a file another client is writing. */
  private static final java.util.Set<String> LOCK_BEING_WRITTEN = java.util.Set.of(
      "org.apache.hadoop.hdfs.protocol.AlreadyBeingCreatedException",
      "org.apache.hadoop.hdfs.protocol.RecoveryInProgressException");

  /** Whether the lock still holds this taker's token after {@link #CONFIRM}. */
  private boolean confirm(Path lock, String token) {
    try {
      Thread.sleep(CONFIRM.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    Map<?, ?> holder = readLock(lock);
    return holder != null && token.equals(holder.get("token"));
  }

  private boolean breakIfStale(Path lock) throws IOException {
    Map<?, ?> holder = readLock(lock);
    boolean stale;
    long age;
    try {
      age = System.currentTimeMillis() - fs.getFileStatus(lock).getModificationTime();
    } catch (java.io.FileNotFoundException gone) {
      return true; // released meanwhile: try again
    }
    if (holder == null) {
      // unreadable: judged by its age alone (a live taker's lock is readable within CONFIRM),
      // unless HDFS still has it open: its taker's close is waiting for the DataNode (a dead
      // writer's lease HDFS recovers itself, and the file is closed then)
      stale = age > UNREADABLE_STALE_AFTER.toMillis() && !beingWritten(lock);
    } else if (host().equals(holder.get("host")) && holder.get("pid") instanceof Number pid) {
      stale = ProcessHandle.of(pid.longValue()).map(p -> !p.isAlive()).orElse(true);
    } else {
      stale = age > STALE_AFTER.toMillis();
    }
    if (stale) {
      System.err.println("note: taking over the stale lock of a dead sweep (" + describeLock(lock) + ")");
      fs.delete(lock, false);
    }
    return stale;
  }

  /** Whether HDFS has the lock open for a writer (never on other file systems). */
  private boolean beingWritten(Path lock) throws IOException {
    if (!(fs instanceof org.apache.hadoop.hdfs.DistributedFileSystem hdfs)) {
      return false;
    }
    try {
      return !hdfs.isFileClosed(lock);
    } catch (java.io.FileNotFoundException gone) {
      return false;
    }
  }

  private Map<?, ?> readLock(Path lock) {
    try (InputStream in = fs.open(lock)) {
      return JSON.readValue(in.readAllBytes(), Map.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private String describeLock(Path lock) {
    Map<?, ?> holder = readLock(lock);
    if (holder == null) {
      return "an unreadable lock";
    }
    return "host " + holder.get("host") + ", pid " + holder.get("pid") + ", since " + holder.get("started_at");
  }

  private void startHeartbeat(Path lock) {
    heartbeat = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(HEARTBEAT.toMillis());
          fs.setTimes(lock, System.currentTimeMillis(), -1);
        } catch (InterruptedException e) {
          return;
        } catch (IOException e) {
          // a missed heartbeat only makes the lock look older
        }
      }
    }, "polytopes-lock-heartbeat");
    heartbeat.setDaemon(true);
    heartbeat.start();
  }

  /** Releases the lock taken by {@link #lock()} (also one still being confirmed). */
  public void unlock() {
    Thread beat = heartbeat;
    if (beat != null) {
      beat.interrupt();
      heartbeat = null;
    }
    if (lockCreated) {
      lockCreated = false;
      try {
        fs.delete(new Path(root, LOCK), false);
      } catch (IOException e) {
        System.err.println("warning: could not remove " + new Path(root, LOCK) + ": " + e.getMessage());
      }
    }
  }

  /**
   * Releases the lock, and removes the folder when this command created it and left nothing in
   * it (a signal before the manifest was written): a stopped command leaves no folder holding
   * only a lock, which no other command takes for a sweep output.
   */
  public void abandon() {
    unlock();
    if (createdFolder) {
      removeIfEmpty(root);
    }
  }

  /** Deletes every table and anything staged (for --force). */
  public void deleteTables() throws IOException {
    for (String t : TABLES) {
      if (fs.exists(table(t))) {
        fs.delete(table(t), true);
      }
    }
    if (fs.exists(path(TableStore.STAGING))) {
      fs.delete(path(TableStore.STAGING), true);
    }
  }

  /** The folder's files as the quick check sees them. */
  public org.neuralpolytopes.sweep.store.HadoopFolderListing listing() {
    return new org.neuralpolytopes.sweep.store.HadoopFolderListing(fs, root);
  }

  /** The folder's tables as segments, changed by atomic commits. */
  public TableStore store() {
    return new TableStore(fs, root, conf);
  }

  public boolean tableExists(String name) throws IOException {
    return fs.exists(table(name));
  }

  /** This machine's name, as the rows' provenance has it (looked up once per JVM). */
  static String host() {
    return org.neuralpolytopes.train.BuildInfo.host();
  }

  static String jvm() {
    return ManagementFactory.getRuntimeMXBean().getVmName() + " " + System.getProperty("java.version");
  }
}
