package dev.gorca.serving.cli;

import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.serving.config.GorcaHome;
import dev.gorca.serving.config.SettingKey;
import dev.gorca.serving.job.ModelAnnouncement;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;

/** The options the {@code gorca models} commands share. */
final class ModelsOptions {
  private ModelsOptions() {}

  static final class Registry {
    @CommandLine.Option(names = "--models", paramLabel = "DIR", description = "Model registry (default: the shipped one, <gorca>/models).")
    Path dir;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

    DirectoryModelRegistry open() {
      Path root = dir != null ? dir : GorcaHome.shippedModels();
      if (!Files.isDirectory(root)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--models " + root + " is not a directory");
      }
      return new DirectoryModelRegistry(root);
    }
  }

  /** With {@code --bootstrap}: tell a running job to score with the model from now on. */
  static final class Announce {
    private static final int SEND_TIMEOUT_MS = 15_000;

    @CommandLine.Option(names = "--bootstrap", paramLabel = "HOST:PORT",
        description = "Kafka of a running 'gorca run' job: announce the model on the models topic so the job swaps to it.")
    String bootstrap;

    @CommandLine.Option(names = "--topic", paramLabel = "TOPIC", description = "The models topic (default: ${DEFAULT-VALUE}).")
    String topic = SettingKey.TOPIC_MODELS.defaultValue();

    /** @return the exit code: 0, or 1 when the announcement could not be delivered (said on err) */
    int ifRequested(DirectoryModelRegistry registry, String modelId, PrintWriter out, PrintWriter err) {
      if (bootstrap == null) return 0;
      // The job loads the model from the directory the announcement names, so it must be the path the job sees.
      ModelAnnouncement announcement = ModelAnnouncement.of(registry.root().toAbsolutePath().toString(), modelId);
      Map<String, Object> config = Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.CLIENT_ID_CONFIG, "gorca-models",
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, SEND_TIMEOUT_MS,
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, SEND_TIMEOUT_MS / 2,
          ProducerConfig.LINGER_MS_CONFIG, 0,
          ProducerConfig.MAX_BLOCK_MS_CONFIG, SEND_TIMEOUT_MS);
      try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(topic, modelId.getBytes(StandardCharsets.UTF_8), announcement.toJson()))
            .get(SEND_TIMEOUT_MS + 1000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        err.println("gorca models: the registry now points at " + modelId + ", but announcing it on " + topic + " at " + bootstrap
            + " failed (" + e + "); a running job keeps its model until it restarts: repeat the command when Kafka answers");
        err.flush();
        return 1;
      }
      out.println("announced " + modelId + " on " + topic + " at " + bootstrap);
      return 0;
    }
  }
}
