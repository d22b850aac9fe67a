package dev.gorca.serving.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaWiringTest {
  private static final Map<String, String> SASL_SSL_OPTIONS = Map.of(
      "bootstrap", "broker-1.example:9093",
      "models", "/srv/gorca/models",
      "topic.crashes", "prod.crashes",
      "kafka.security.protocol", "SASL_SSL",
      "kafka.sasl.mechanism", "SCRAM-SHA-512",
      "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
          + "username=\"gorca\" password=\"secret\";",
      "kafka.transaction.timeout.ms", "600000");

  @Test
  void kafka_prefixed_options_become_client_properties_and_the_others_are_left_out() {
    Properties properties = KafkaWiring.clientProperties(SASL_SSL_OPTIONS);

    assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", SASL_SSL_OPTIONS.get("kafka.sasl.jaas.config"),
        "transaction.timeout.ms", "600000"), properties);
  }

  @Test
  void sources_read_committed_and_carry_the_client_properties() {
    KafkaWiring wiring = new KafkaWiring("broker-1.example:9093", Topics.DEFAULTS,
        KafkaWiring.clientProperties(SASL_SSL_OPTIONS));

    Properties consumer = wiring.consumerProperties();

    assertEquals("read_committed", consumer.getProperty("isolation.level"));
    assertEquals("SASL_SSL", consumer.getProperty("security.protocol"));
    assertEquals("SCRAM-SHA-512", consumer.getProperty("sasl.mechanism"));
  }

  @Test
  void a_client_property_overrides_the_sinks_own_transaction_timeout() {
    KafkaWiring wiring = new KafkaWiring("broker-1.example:9093", Topics.DEFAULTS,
        KafkaWiring.clientProperties(SASL_SSL_OPTIONS));

    Properties producer = wiring.producerProperties();

    assertEquals("600000", producer.getProperty("transaction.timeout.ms"));
    assertEquals("SASL_SSL", producer.getProperty("security.protocol"));
  }

  @Test
  void without_client_properties_the_sinks_keep_a_transaction_timeout_below_the_brokers_default_maximum() {
    KafkaWiring wiring = new KafkaWiring("localhost:9092", Topics.DEFAULTS);

    assertEquals(String.valueOf(KafkaWiring.TRANSACTION_TIMEOUT.toMillis()),
        wiring.producerProperties().getProperty("transaction.timeout.ms"));
    assertEquals(Map.of("isolation.level", "read_committed"), wiring.consumerProperties());
  }

  @Test
  void bootstrap_servers_as_a_client_property_is_refused_with_the_option_to_use() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KafkaWiring.clientProperties(Map.of("kafka.bootstrap.servers", "broker-1.example:9093")));

    assertEquals("expected the Kafka servers as --bootstrap HOST:PORT, found --kafka.bootstrap.servers",
        e.getMessage());
  }
}
