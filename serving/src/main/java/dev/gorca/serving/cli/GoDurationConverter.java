package dev.gorca.serving.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads durations as Go writes them, which the services' operators already type: {@code 15s}, {@code 500ms}, {@code 1m30s}. */
final class GoDurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    String text = value.strip();
    if (!WHOLE.matcher(text).matches()) {
      throw new CommandLine.TypeConversionException("expected a duration such as 15s, 500ms or 1m30s, found '"
          + value + "'");
    }
    double millis = 0;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      double amount = Double.parseDouble(part.group(1));
      millis += amount * switch (part.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        default -> 3_600_000;
      };
    }
    return Duration.ofMillis(Math.round(millis));
  }
}
