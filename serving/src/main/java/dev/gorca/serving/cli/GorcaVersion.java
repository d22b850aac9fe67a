package dev.gorca.serving.cli;

import picocli.CommandLine;

/** Version from the jar manifest, so {@code gorca --version} says what was built. */
final class GorcaVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = GorcaCommand.class.getPackage().getImplementationVersion();
    return new String[] {
      "gorca " + (version == null ? "(development build)" : version),
      "Java " + System.getProperty("java.version")
    };
  }
}
