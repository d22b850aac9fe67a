package dev.gorca.serving.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is asking: a bearer token (API) or a session cookie from the login form (UI), checked against the viewer
 * token and the operators' secrets; and the CSRF tokens that tie a form post to the session that rendered it.
 * Sessions live in memory: a restart logs everyone out, which for an on-call tool is acceptable.
 */
final class Access {
  static final String SESSION_COOKIE = "gorca_session";
  static final String LOGIN_COOKIE = "gorca_login";
  static final Duration SESSION_LIFETIME = Duration.ofHours(12);
  /** Beyond this many live sessions the oldest logins are refused rather than memory grown without bound. */
  static final int MAX_SESSIONS = 10_000;

  enum Role { ANONYMOUS, VIEWER, OPERATOR }

  /** Who a request is: an operator has a name, a viewer and an anonymous caller do not. */
  record Principal(Role role, String operator) {
    static final Principal ANONYMOUS = new Principal(Role.ANONYMOUS, null);
    static final Principal VIEWER = new Principal(Role.VIEWER, null);

    boolean isOperator() {
      return role == Role.OPERATOR;
    }
  }

  record Session(Principal principal, String csrfToken, long expiresAtMs) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpSettings settings;
  private final Clock clock;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  Access(HttpSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** Whether anyone may view without a token. */
  boolean viewingIsOpen() {
    return settings.viewerToken() == null;
  }

  /** The caller by bearer token first, then by session cookie; anonymous when neither checks out. */
  Principal principal(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return bySecret(authorization.substring(7).trim());
    }
    Session session = session(ctx);
    return session == null ? Principal.ANONYMOUS : session.principal();
  }

  /** Whether the caller may view: always when viewing is open, else with a viewer or operator identity. */
  boolean mayView(Principal principal) {
    return viewingIsOpen() || principal.role() != Role.ANONYMOUS;
  }

  /** The session of the request's cookie, or null when there is none or it expired. */
  Session session(Context ctx) {
    String id = ctx.cookie(SESSION_COOKIE);
    if (id == null) {
      return null;
    }
    Session session = sessions.get(id);
    if (session == null) {
      return null;
    }
    if (session.expiresAtMs() < clock.millis()) {
      sessions.remove(id);
      return null;
    }
    return session;
  }

  /**
   * Logs in by name and secret: an operator by their secret, a viewer by the viewer token (any name). Sets the
   * session cookie and returns the principal, or returns anonymous and sets nothing.
   */
  Principal login(Context ctx, String name, String secret) {
    Principal principal = bySecret(secret == null ? "" : secret);
    if (principal.isOperator() && !principal.operator().equals(name)) {
      principal = Principal.ANONYMOUS;
    }
    if (principal.role() == Role.ANONYMOUS) {
      return principal;
    }
    sessions.values().removeIf(s -> s.expiresAtMs() < clock.millis());
    if (sessions.size() >= MAX_SESSIONS) {
      throw ApiException.unavailable("too many open sessions; try again later");
    }
    String id = randomToken();
    sessions.put(id, new Session(principal, randomToken(), clock.millis() + SESSION_LIFETIME.toMillis()));
    setCookie(ctx, SESSION_COOKIE, id, SESSION_LIFETIME.toSeconds());
    return principal;
  }

  void logout(Context ctx) {
    String id = ctx.cookie(SESSION_COOKIE);
    if (id != null) {
      sessions.remove(id);
    }
    setCookie(ctx, SESSION_COOKIE, "", 0);
  }

  /**
   * The login form's CSRF token (double submit): a random value in a SameSite=Strict cookie that the form echoes.
   * A page from another site can neither read the cookie nor make the browser send it.
   */
  String loginCsrf(Context ctx) {
    String token = ctx.cookie(LOGIN_COOKIE);
    if (token == null || token.length() != 43) {
      token = randomToken();
      setCookie(ctx, LOGIN_COOKIE, token, Duration.ofHours(1).toSeconds());
    }
    return token;
  }

  void requireLoginCsrf(Context ctx, String formToken) {
    if (!sameSecret(ctx.cookie(LOGIN_COOKIE), formToken)) {
      throw ApiException.forbidden("the login form expired or came from another site; reload the login page");
    }
  }

  /** The operator session of a form post whose CSRF field matches the session's token. */
  Session requireOperatorForm(Context ctx, String formToken) {
    Session session = session(ctx);
    if (session == null || !session.principal().isOperator()) {
      throw ApiException.unauthorized("labelling needs an operator login; log in and send the form again");
    }
    if (!sameSecret(session.csrfToken(), formToken)) {
      throw ApiException.forbidden("the form's CSRF token does not match your session; reload the page and retry");
    }
    return session;
  }

  /** The operator behind the request's bearer token; 401 without one, 403 for a viewer token. */
  Principal requireOperatorBearer(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthorized("labelling needs an operator token: send Authorization: Bearer <token>");
    }
    Principal principal = bySecret(authorization.substring(7).trim());
    if (principal.role() == Role.ANONYMOUS) {
      throw ApiException.unauthorized("the bearer token is not an operator's; check the token you were given");
    }
    if (!principal.isOperator()) {
      throw ApiException.forbidden("the viewer token may view but not label; use an operator token");
    }
    return principal;
  }

  private Principal bySecret(String secret) {
    // Compare against every secret, always: how long this takes must not tell which one matched.
    Principal found = Principal.ANONYMOUS;
    for (Map.Entry<String, String> operator : settings.operators().entrySet()) {
      if (sameSecret(operator.getValue(), secret)) {
        found = new Principal(Role.OPERATOR, operator.getKey());
      }
    }
    if (settings.viewerToken() != null && sameSecret(settings.viewerToken(), secret)
        && found.role() == Role.ANONYMOUS) {
      found = Principal.VIEWER;
    }
    return found;
  }

  private static boolean sameSecret(String expected, String given) {
    if (expected == null || given == null || given.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
    // HttpOnly: scripts cannot read it; SameSite=Strict: other sites' pages cannot make the browser send it.
    ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict");
  }

  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
