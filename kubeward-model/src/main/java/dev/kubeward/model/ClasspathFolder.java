package dev.kubeward.model;

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
import java.util.Enumeration;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Lists and reads the data files under a folder of the class path, from a directory (tests, IDE) or a jar (a jar
 * nested in the Spring Boot executable included, whose {@code jar:} URLs also yield a {@link JarURLConnection}). Rules,
 * detections and standards are found by scanning their folder with it, so adding one is adding a file — there is no
 * hand-kept index to edit in sync. It lives in the model because every engine that ships data files needs it.
 */
public final class ClasspathFolder {
  private ClasspathFolder() {}

  /** Relative path (below {@code folder}) to content, for every file under it, sorted by path. */
  public static TreeMap<String, String> read(String folder, ClassLoader loader) {
    TreeMap<String, String> out = new TreeMap<>();
    String prefix = folder.endsWith("/") ? folder : folder + "/";
    try {
      Enumeration<URL> roots = loader.getResources(prefix);
      while (roots.hasMoreElements()) {
        URL url = roots.nextElement();
        if (url.getProtocol().equals("file")) {
          Path dir = Path.of(url.toURI());
          try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
              out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
          }
        } else {
          URLConnection connection = url.openConnection();
          if (!(connection instanceof JarURLConnection jar)) {
            throw new IOException("cannot list class path folder " + url);
          }
          jar.setUseCaches(false);
          try (JarFile file = jar.getJarFile()) {
            for (JarEntry e : file.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(prefix)).toList()) {
              try (InputStream in = file.getInputStream(e)) {
                out.put(e.getName().substring(prefix.length()), new String(in.readAllBytes(), StandardCharsets.UTF_8));
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read class path folder " + prefix, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad class path URL for " + prefix, e);
    }
    return out;
  }
}
