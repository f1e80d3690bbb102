package dev.kubeward.packages;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An analyzer input over a real file or bytes, presented under the path an image would have. */
public final class TestInput implements AnalyzerInput {
  private final CandidateFile file;
  private final Path onDisk;
  private final byte[] bytes;

  private TestInput(CandidateFile file, Path onDisk, byte[] bytes) {
    this.file = file;
    this.onDisk = onDisk;
    this.bytes = bytes;
  }

  public static TestInput of(Path onDisk, String virtualPath) {
    try {
      return new TestInput(CandidateFile.of(virtualPath, Files.size(onDisk), true), onDisk, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TestInput of(byte[] bytes, String virtualPath) {
    return new TestInput(CandidateFile.of(virtualPath, bytes.length, true), null, bytes);
  }

  @Override
  public CandidateFile file() {
    return file;
  }

  @Override
  public InputStream open() throws IOException {
    return onDisk != null ? Files.newInputStream(onDisk) : new ByteArrayInputStream(bytes);
  }

  @Override
  public Path localFile() throws IOException {
    if (onDisk != null) {
      return onDisk;
    }
    Path tmp = Files.createTempFile("kubeward-test", ".bin");
    tmp.toFile().deleteOnExit();
    Files.write(tmp, bytes);
    return tmp;
  }
}
