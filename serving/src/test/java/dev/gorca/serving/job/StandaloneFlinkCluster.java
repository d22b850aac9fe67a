package dev.gorca.serving.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster on 127.0.0.1: one JobManager and some TaskManagers, each its own JVM started the
 * way bin/jobmanager.sh and bin/taskmanager.sh start them (entry point class, {@code --configDir}, the JVM memory
 * flags and dynamic properties the scripts compute), with its own tmp dirs and a log file under {@code workDir}.
 * {@link #close()} kills every JVM; a shutdown hook does the same if the test JVM dies first.
 */
final class StandaloneFlinkCluster implements AutoCloseable {
  static final String JOB_MANAGER_ENTRYPOINT = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_ENTRYPOINT = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  static final String JOB_MANAGER_HEAP = "512m";
  /** The module flags of a Flink distribution's config.yaml (env.java.opts.all) for Java 17. */
  static final List<String> JAVA_17_FLAGS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 40;

  private final Path workDir;
  private final int restPort;
  private final List<Node> nodes = new ArrayList<>();
  private final Thread killOnExit = new Thread(this::killAll, "kill standalone Flink cluster");

  /** One JVM of the cluster and where it logs. */
  record Node(String name, Process process, Path logFile, Path outFile) {}

  private StandaloneFlinkCluster(Path workDir, int restPort) {
    this.workDir = workDir;
    this.restPort = restPort;
  }

  /**
   * Writes {@code workDir/conf} from {@code settings} plus the addresses and ports, then starts the JobManager and
   * {@code taskManagers} TaskManagers with the jars of {@code classpath}. Returns at once: use
   * {@link FlinkRest#awaitTaskManagers} to know when the cluster is up.
   */
  static StandaloneFlinkCluster start(Path workDir, String classpath, int taskManagers, Map<String, String> settings)
      throws IOException {
    Objects.requireNonNull(classpath, "classpath == null");
    if (taskManagers < 1) throw new IllegalArgumentException("taskManagers < 1: " + taskManagers);
    int restPort = freePort();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("jobmanager.rpc.address", "127.0.0.1");
    config.put("jobmanager.rpc.port", String.valueOf(freePort()));
    config.put("jobmanager.bind-host", "127.0.0.1");
    config.put("taskmanager.bind-host", "127.0.0.1");
    config.put("taskmanager.host", "127.0.0.1");
    config.put("rest.address", "127.0.0.1");
    config.put("rest.bind-address", "127.0.0.1");
    config.put("rest.port", String.valueOf(restPort));
    config.put("jobmanager.memory.heap.size", JOB_MANAGER_HEAP);
    config.putAll(settings);
    Path conf = Files.createDirectories(workDir.resolve("conf"));
    writeConfig(conf.resolve("config.yaml"), config);
    Files.writeString(conf.resolve("log4j.properties"), LOG4J_PROPERTIES);

    StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(workDir, restPort);
    Runtime.getRuntime().addShutdownHook(cluster.killOnExit);
    try {
      cluster.launch("jobmanager", classpath, conf, List.of("-Xmx" + JOB_MANAGER_HEAP, "-Xms" + JOB_MANAGER_HEAP),
          JOB_MANAGER_ENTRYPOINT, List.of());
      TaskManagerResources resources = TaskManagerResources.of(config);
      for (int i = 1; i <= taskManagers; i++) {
        cluster.launch("taskmanager-" + i, classpath, conf, resources.jvmFlags(), TASK_MANAGER_ENTRYPOINT,
            resources.dynamicProperties());
      }
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** The JVM flags and {@code -D key=value} properties bin/taskmanager.sh derives from the memory settings. */
  private record TaskManagerResources(List<String> jvmFlags, List<String> dynamicProperties) {
    static TaskManagerResources of(Map<String, String> config) {
      Configuration flink = new Configuration();
      config.forEach(flink::setString);
      // What BashJavaUtils GET_TM_RESOURCE_PARAMS does for the scripts.
      TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(flink);
      return new TaskManagerResources(split(ProcessMemoryUtils.generateJvmParametersStr(spec)),
          split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    }

    private static List<String> split(String flags) {
      return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
  }

  private void launch(String name, String classpath, Path conf, List<String> memoryFlags, String mainClass,
      List<String> dynamicProperties) throws IOException {
    Path tmp = Files.createDirectories(workDir.resolve(name + "-tmp"));
    Path log = workDir.resolve(name + ".log");
    Path out = workDir.resolve(name + ".out");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(memoryFlags);
    command.addAll(JAVA_17_FLAGS);
    // Its own java.io.tmpdir: LightGBM's native library unpacks there, and two JVMs sharing one overwrite it.
    command.add("-Djava.io.tmpdir=" + tmp);
    // A JVM crash report lands with the logs, not in the working directory (the module, under version control).
    command.add("-XX:ErrorFile=" + workDir.resolve(name + "-hs_err_pid%p.log"));
    command.add("-Dlog.file=" + log);
    command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
    command.addAll(List.of("-cp", classpath, mainClass, "--configDir", conf.toString()));
    command.addAll(List.of("-D", "io.tmp.dirs=" + tmp));
    command.addAll(dynamicProperties);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    nodes.add(new Node(name, process, log, out));
  }

  /** JVM crash reports (hs_err files) the cluster's JVMs wrote. */
  List<Path> crashReports() throws IOException {
    try (var files = Files.list(workDir)) {
      return files.filter(f -> f.getFileName().toString().contains("hs_err_pid")).sorted().toList();
    }
  }

  int restPort() {
    return restPort;
  }

  String restUrl() {
    return "http://127.0.0.1:" + restPort;
  }

  List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** Fails with the exit code and log tail of a cluster JVM that has died, so a waiting test stops at once. */
  void checkAlive() {
    for (Node node : nodes) {
      if (!node.process().isAlive()) {
        throw new IllegalStateException("expected the " + node.name() + " JVM to run, it exited with "
            + node.process().exitValue() + "\n" + logTails());
      }
    }
  }

  /**
   * For failure messages: the last warnings and errors of every JVM's log (at INFO the tail is mostly checkpoint
   * chatter), then the last lines of its log and of its stdout/stderr.
   */
  String logTails() {
    StringBuilder out = new StringBuilder();
    for (Node node : nodes) {
      List<String> log = lines(node.logFile());
      List<String> problems = log.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
      out.append("---- ").append(node.logFile()).append(", last warnings and errors\n")
          .append(last(problems, LOG_TAIL_LINES)).append('\n');
      out.append("---- ").append(node.logFile()).append(", last lines\n").append(last(log, LOG_TAIL_LINES))
          .append('\n');
      out.append("---- ").append(node.outFile()).append('\n').append(last(lines(node.outFile()), LOG_TAIL_LINES))
          .append('\n');
    }
    return out.toString();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of("(missing)");
    } catch (IOException | UncheckedIOException e) {
      return List.of("(unreadable: " + e + ")");
    }
  }

  private static String last(List<String> lines, int count) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }

  /** Stops every JVM (SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}) and waits until each has exited. */
  @Override
  public void close() {
    for (Node node : nodes) {
      node.process().destroy();
    }
    for (Node node : nodes) {
      try {
        if (!node.process().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          node.process().destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        node.process().destroyForcibly();
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run: nothing left to remove.
    }
  }

  private void killAll() {
    for (Node node : nodes) {
      node.process().destroyForcibly();
    }
  }

  private static void writeConfig(Path file, Map<String, String> config) throws IOException {
    StringBuilder yaml = new StringBuilder("# Written by StandaloneFlinkCluster (gorca FlinkClusterITCase).\n");
    config.forEach((key, value) -> yaml.append(key).append(": ").append(quote(value)).append('\n'));
    Files.writeString(file, yaml.toString());
  }

  private static String quote(String value) {
    return value.matches("[A-Za-z0-9._/:-]+") ? value : "'" + value.replace("'", "''") + "'";
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }

  /**
   * One file per JVM, as a Flink distribution's conf/log4j.properties writes it. Appending: the RPC system's own
   * class loader starts a second logger context on the same file, which would otherwise truncate it.
   */
  private static final String LOG4J_PROPERTIES = """
      monitorInterval = 0
      rootLogger.level = INFO
      rootLogger.appenderRef.file.ref = MainAppender
      logger.pekko.name = org.apache.pekko
      logger.pekko.level = WARN
      logger.kafka.name = org.apache.kafka
      logger.kafka.level = WARN
      appender.main.name = MainAppender
      appender.main.type = File
      appender.main.append = true
      appender.main.fileName = ${sys:log.file}
      appender.main.layout.type = PatternLayout
      appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n
      """;
}
