package dev.gorca.ingest.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Jazzer fuzzes only the first {@code @FuzzTest} of a JVM and skips the rest in silence; the
 * build's fuzz run forks one JVM per {@code *FuzzTest} class. So each such class must hold exactly
 * one target, or a target would never be fuzzed.
 */
class OneFuzzTargetPerClassTest {
  @Test
  void everyFuzzTestClassHasExactlyOneFuzzTarget() throws Exception {
    List<Class<?>> fuzzTestClasses = fuzzTestClasses();
    assertFalse(fuzzTestClasses.isEmpty(), "no *FuzzTest classes found under " + testClassesRoot());
    for (Class<?> fuzzTestClass : fuzzTestClasses) {
      List<String> targets = Arrays.stream(fuzzTestClass.getDeclaredMethods())
          .filter(method -> AnnotationSupport.isAnnotated(method, FuzzTest.class))
          .map(Method::getName)
          .sorted()
          .collect(Collectors.toList());
      assertEquals(1, targets.size(),
          fuzzTestClass.getName() + " has fuzz targets " + targets
              + "; expected exactly one: move the others into their own *FuzzTest class");
    }
  }

  private static List<Class<?>> fuzzTestClasses() throws Exception {
    Path root = testClassesRoot();
    try (Stream<Path> files = Files.walk(root)) {
      List<String> names = files
          .map(root::relativize)
          .map(Path::toString)
          .filter(name -> name.endsWith("FuzzTest.class"))
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          .sorted()
          .collect(Collectors.toList());
      List<Class<?>> classes = new java.util.ArrayList<>();
      for (String name : names) classes.add(Class.forName(name));
      return classes;
    }
  }

  private static Path testClassesRoot() throws URISyntaxException {
    return Paths.get(OneFuzzTargetPerClassTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
