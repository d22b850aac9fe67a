package dev.gorca.serving.http;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How the HTTP service listens and whom it lets in.
 *
 * @param bindAddress the interface to listen on, e.g. {@code 127.0.0.1}
 * @param port the port, 0 for any free one ({@link GorcaHttpServer#port()} says which)
 * @param viewerToken the token that lets one view incidents (bearer token or the login form), or null when
 *     viewing is open to anyone who reaches the port
 * @param operators operator name to secret: the password of the login form and the API's bearer token. Only
 *     operators may label; with none, nobody can
 * @param maxRequestBytes the largest request body accepted; larger ones get 413
 */
public record HttpSettings(String bindAddress, int port, String viewerToken, Map<String, String> operators,
    long maxRequestBytes) {
  /** Enough for a crash text and a 16 MiB goroutine dump with some metrics on {@code POST /api/score}. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 20L * 1024 * 1024;
  /** Shorter secrets are refused: they can be guessed through the login form. */
  public static final int MIN_SECRET_CHARS = 16;

  public HttpSettings {
    Objects.requireNonNull(bindAddress, "bindAddress == null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("expected a port in 0..65535 (0 for any free port), found " + port);
    }
    if (viewerToken != null) {
      requireSecret("the viewer token", viewerToken);
    }
    operators = Map.copyOf(new TreeMap<>(Objects.requireNonNull(operators, "operators == null")));
    operators.forEach((name, secret) -> {
      if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
        throw new IllegalArgumentException("expected an operator name of letters, digits and ._@- (at most 64),"
            + " found \"" + name + "\"");
      }
      requireSecret("the secret of operator " + name, secret);
    });
    if (viewerToken != null && operators.containsValue(viewerToken)) {
      throw new IllegalArgumentException("the viewer token equals an operator's secret; give viewers their own");
    }
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException("expected a request limit of at least 1024 bytes, found " + maxRequestBytes);
    }
  }

  /** Open viewing on {@code 127.0.0.1:port}, these operators, the default request limit. */
  public static HttpSettings local(int port, Map<String, String> operators) {
    return new HttpSettings("127.0.0.1", port, null, operators, DEFAULT_MAX_REQUEST_BYTES);
  }

  /** A fresh random secret (256 bits, URL-safe): for a demo operator whose secret is printed at start. */
  public static String randomSecret() {
    return Access.randomToken();
  }

  public HttpSettings withViewerToken(String token) {
    return new HttpSettings(bindAddress, port, token, operators, maxRequestBytes);
  }

  public HttpSettings withMaxRequestBytes(long bytes) {
    return new HttpSettings(bindAddress, port, viewerToken, operators, bytes);
  }

  /** Never prints secrets. */
  @Override
  public String toString() {
    return "HttpSettings[" + bindAddress + ":" + port + ", viewing " + (viewerToken == null ? "open" : "by token")
        + ", operators " + operators.keySet() + ", maxRequestBytes " + maxRequestBytes + "]";
  }

  private static void requireSecret(String what, String secret) {
    Objects.requireNonNull(secret, what + " == null");
    if (secret.length() < MIN_SECRET_CHARS || secret.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw new IllegalArgumentException("expected " + what + " to be at least " + MIN_SECRET_CHARS
          + " characters without blanks or control characters, found " + secret.length() + " characters");
    }
  }
}
