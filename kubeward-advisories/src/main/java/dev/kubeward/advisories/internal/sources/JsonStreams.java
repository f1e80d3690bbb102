package dev.kubeward.advisories.internal.sources;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Streams the elements of one top-level array field of a large JSON document, keeping one element in memory. */
final class JsonStreams {
  /** Shared mapper; documents are read with Jackson's default limits on nesting and string length. */
  static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build()).build());

  private JsonStreams() {}

  /** Receives each element. */
  interface ElementConsumer {
    void accept(int index, JsonNode element) throws IOException;
  }

  /**
   * Calls {@code consumer} for each element of the top-level field {@code arrayField}.
   *
   * @return false when the document has no such array (the caller decides whether that is an error)
   * @throws IOException when the document is not JSON or ends early
   */
  static boolean forEachElement(InputStream in, String arrayField, ElementConsumer consumer) throws IOException {
    try (JsonParser p = MAPPER.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("expected a JSON object");
      }
      boolean found = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (field.equals(arrayField) && t == JsonToken.START_ARRAY) {
          found = true;
          int i = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == null) {
              throw new IOException("unexpected end of input");
            }
            JsonNode element = MAPPER.readTree(p);
            consumer.accept(i++, element);
          }
        } else {
          p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new IOException("unexpected end of input");
      }
      return found;
    }
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isValueNode() && !v.isNull() ? v.asText() : "";
  }

  static boolean contains(byte[] head, String marker) {
    return new String(head, StandardCharsets.UTF_8).contains(marker);
  }
}
