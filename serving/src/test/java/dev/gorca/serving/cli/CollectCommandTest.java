package dev.gorca.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.serving.collect.CollectorSettings;
import dev.gorca.serving.collect.CrashFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gorca collect}'s options, read without starting a collector (that is CollectorITCase's job). */
class CollectCommandTest {
  @Test
  void options_become_the_collector_settings() {
    CollectorSettings settings = settings("collect", "--target", "http://127.0.0.1:6060", "--service", "checkout",
        "--instance", "checkout-7d9f-x2k4p", "--interval", "5s", "--dump-interval", "1m30s", "--crash-quiet", "500ms",
        "--crash-file", "/var/log/checkout.stderr", "--offsets-file", "/var/lib/gorca/offsets.properties",
        "--topic.crashes", "prod.crashes");
    assertEquals("checkout-7d9f-x2k4p", settings.targets().get(0).instance());
    assertEquals(Duration.ofSeconds(5), settings.interval());
    assertEquals(Duration.ofSeconds(90), settings.dumpInterval());
    assertEquals(Duration.ofMillis(500), settings.quietPeriod());
    assertEquals(List.of(new CrashFile(Path.of("/var/log/checkout.stderr"), settings.targets().get(0))),
        settings.crashFiles());
    assertEquals(Path.of("/var/lib/gorca/offsets.properties"), settings.offsetsFile());
    assertEquals("prod.crashes", settings.topics().crashes());
    assertEquals("gorca.metrics", settings.topics().metrics());
  }

  @Test
  void with_several_targets_a_crash_file_names_the_instance_it_belongs_to() {
    CollectorSettings settings = settings("collect", "--service", "checkout", "--target", "http://10.0.0.1:6060",
        "--target", "http://10.0.0.2:6060", "--crash-file", "10.0.0.2:6060=/var/log/b.stderr");
    assertEquals("10.0.0.2:6060", settings.crashFiles().get(0).owner().instance());
    assertEquals(Path.of("/var/log/b.stderr"), settings.crashFiles().get(0).path());
    assertEquals(CollectorSettings.DEFAULT_INTERVAL, settings.interval());
    assertEquals(CollectorSettings.DEFAULT_DUMP_INTERVAL, settings.dumpInterval());
  }

  @Test
  void a_crash_file_without_its_instance_among_several_targets_is_one_line_of_usage_error() {
    CliRun cli = new CliRun();
    // Refused before any connection to Kafka is attempted.
    int exit = cli.run("collect", "--service", "checkout", "--target", "http://10.0.0.1:6060", "--target",
        "http://10.0.0.2:6060", "--crash-file", "/var/log/b.stderr");
    assertEquals(2, exit);
    assertEquals("gorca: --crash-file /var/log/b.stderr: with several targets, prefix the instance it belongs to, "
        + "one of [10.0.0.1:6060, 10.0.0.2:6060], e.g. 10.0.0.1:6060=/var/log/b.stderr (see 'gorca collect --help')\n",
        cli.err.toString());
  }

  @Test
  void a_duration_that_is_not_go_syntax_is_one_line_of_usage_error() {
    CliRun cli = new CliRun();
    int exit = cli.run("collect", "--service", "checkout", "--target", "http://10.0.0.1:6060", "--interval", "15");
    assertEquals(2, exit);
    assertTrue(cli.err.toString().startsWith("gorca: Invalid value for option '--interval': expected a duration "
        + "such as 15s, 500ms or 1m30s, found '15'"), cli.err.toString());
  }

  @Test
  void a_target_that_is_not_a_url_is_one_line_of_usage_error() {
    CliRun cli = new CliRun();
    int exit = cli.run("collect", "--service", "checkout", "--target", "10.0.0.1:6060");
    assertEquals(2, exit);
    assertEquals("gorca: --target: expected an http:// or https:// URL of a Go service's admin port, e.g. "
        + "http://127.0.0.1:6060, found \"10.0.0.1:6060\" (see 'gorca collect --help')\n", cli.err.toString());
  }

  @Test
  void a_damaged_offsets_file_stops_the_start_with_one_line_naming_it(@TempDir Path dir) throws Exception {
    Path offsets = dir.resolve("offsets.properties");
    Files.writeString(offsets, "/var/log/checkout.stderr=many\n");
    CliRun cli = new CliRun();
    int exit = cli.run("collect", "--service", "checkout", "--target", "http://127.0.0.1:6060", "--bootstrap",
        "127.0.0.1:9", "--crash-file", "/var/log/checkout.stderr", "--offsets-file", offsets.toString());
    assertEquals(1, exit);
    assertEquals("gorca collect: expected \"<offset> <file key>\" for /var/log/checkout.stderr in " + offsets
        + ", found \"many\"; fix the line or delete it (that crash file is then read from its current end)\n",
        cli.err.toString());
  }

  @Test
  void a_bootstrap_that_is_not_host_and_port_is_one_line_of_usage_error() {
    CliRun cli = new CliRun();
    int exit = cli.run("collect", "--service", "checkout", "--target", "http://127.0.0.1:6060", "--bootstrap", "kafka");
    assertEquals(2, exit);
    assertTrue(cli.err.toString().startsWith("gorca: --bootstrap kafka: "), cli.err.toString());
    assertTrue(cli.err.toString().endsWith("; expected HOST:PORT[,HOST:PORT...] of Kafka brokers (see 'gorca collect "
        + "--help')\n"), cli.err.toString());
  }

  @Test
  void the_same_crash_file_twice_is_refused_as_it_would_publish_each_crash_twice() {
    CliRun cli = new CliRun();
    int exit = cli.run("collect", "--service", "checkout", "--target", "http://127.0.0.1:6060", "--crash-file",
        "/var/log/a.stderr", "--crash-file", "/var/log/../log/a.stderr");
    assertEquals(2, exit);
    assertEquals("gorca: expected each crash file once, found one twice in [/var/log/a.stderr, /var/log/../log/a.stderr]; "
        + "a crash would be published twice (see 'gorca collect --help')\n", cli.err.toString());
  }

  private static CollectorSettings settings(String... args) {
    CommandLine.ParseResult parsed = GorcaCommand.commandLine().parseArgs(args);
    CollectCommand command = (CollectCommand) parsed.subcommand().commandSpec().userObject();
    return command.settings();
  }
}
