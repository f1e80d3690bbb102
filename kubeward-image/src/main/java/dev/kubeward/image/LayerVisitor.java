package dev.kubeward.image;

import java.io.IOException;
import java.io.InputStream;

/** Receives the entries of a layer in tar order while {@link LayerReader} streams it. */
public interface LayerVisitor {
  /**
   * One entry. For regular files {@code content} streams exactly the file's bytes and need not be read to the end; it
   * is valid only during this call. Errors of the layer itself surface from {@code content} as {@link ImageException}.
   */
  void entry(LayerEntry entry, InputStream content) throws IOException;

  /** Something odd but survivable about the layer (a duplicate entry); the walk goes on. */
  default void warning(String message) {}
}
