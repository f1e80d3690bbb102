package dev.kubeward.runtime.detection.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Lists and reads the data files in a class path folder, from a directory (tests, IDE) or a jar (including a jar
 * nested in the Spring Boot executable, whose {@code jar:} URLs also yield a {@link JarURLConnection}). This is the
 * registry for detection files: adding a detection is adding a file.
 */
public final class ClasspathResources {
  private ClasspathResources() {}

  /** The files directly in {@code folder} whose names end with {@code suffix}, name to content, sorted by name. */
  public static Map<String, String> read(ClassLoader loader, String folder, String suffix) {
    String dir = folder.endsWith("/") ? folder : folder + "/";
    Map<String, String> out = new TreeMap<>();
    try {
      Enumeration<URL> roots = loader.getResources(dir);
      while (roots.hasMoreElements()) {
        URL url = roots.nextElement();
        if (url.getProtocol().equals("file")) {
          readDirectory(Paths.get(url.toURI()), suffix, out);
        } else {
          URLConnection c = url.openConnection();
          if (c instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            try (JarFile jf = jar.getJarFile()) {
              readJar(jf, jar.getEntryName() == null ? dir : jar.getEntryName(), suffix, out);
            }
          } else {
            throw new IOException("cannot list class path folder " + url);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read class path folder " + dir, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad class path URL for " + dir, e);
    }
    return new LinkedHashMap<>(out);
  }

  private static void readDirectory(Path dir, String suffix, Map<String, String> out) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (Files.isRegularFile(f) && name.endsWith(suffix)) {
          out.putIfAbsent(name, Files.readString(f, StandardCharsets.UTF_8));
        }
      }
    }
  }

  private static void readJar(JarFile jf, String prefix, String suffix, Map<String, String> out) throws IOException {
    String p = prefix.endsWith("/") ? prefix : prefix + "/";
    for (JarEntry entry : (Iterable<JarEntry>) jf.stream()::iterator) {
      String name = entry.getName();
      if (!entry.isDirectory() && name.startsWith(p) && name.endsWith(suffix) && name.indexOf('/', p.length()) < 0) {
        try (InputStream in = jf.getInputStream(entry)) {
          out.putIfAbsent(name.substring(p.length()), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
  }
}
