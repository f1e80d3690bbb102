package dev.kubeward.runtime.event.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value into maps, lists and scalars with the numbers CEL wants (Long, Double), refusing values larger
 * than a byte budget or deeper than a depth limit before they are fully in memory.
 */
public final class BoundedJsonReader {
  private static final int CHECK_EVERY = 64;

  private final long maxBytes;
  private final int maxDepth;
  private long start;
  private int tokens;

  public BoundedJsonReader(long maxBytes, int maxDepth) {
    this.maxBytes = maxBytes;
    this.maxDepth = maxDepth;
  }

  /** Thrown when a value exceeds the budget; the message says which bound. */
  public static final class TooLargeException extends IOException {
    TooLargeException(String message) {
      super(message);
    }
  }

  /** Reads the value at the current token; the parser ends on the value's last token. */
  public Object read(JsonParser p) throws IOException {
    start = offset(p.currentTokenLocation());
    tokens = 0;
    return value(p, p.currentToken(), 0);
  }

  private Object value(JsonParser p, JsonToken t, int depth) throws IOException {
    if (t == null) {
      throw new IOException("unexpected end of input");
    }
    if (++tokens % CHECK_EVERY == 0) {
      checkBytes(p);
    }
    switch (t) {
      case START_OBJECT: {
        if (depth >= maxDepth) {
          throw new TooLargeException("JSON nested deeper than " + maxDepth + " levels");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        JsonToken n;
        while ((n = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          map.put(name, value(p, p.nextToken(), depth + 1));
        }
        if (n != JsonToken.END_OBJECT) {
          throw new IOException("unexpected end of input inside an object");
        }
        return map;
      }
      case START_ARRAY: {
        if (depth >= maxDepth) {
          throw new TooLargeException("JSON nested deeper than " + maxDepth + " levels");
        }
        List<Object> list = new ArrayList<>();
        JsonToken n;
        while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
          if (n == null) {
            throw new IOException("unexpected end of input inside an array");
          }
          list.add(value(p, n, depth + 1));
        }
        return list;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT: {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          BigInteger big = p.getBigIntegerValue();
          return big.doubleValue();
        }
        return p.getLongValue();
      }
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token " + t);
    }
  }

  private void checkBytes(JsonParser p) throws TooLargeException {
    long now = offset(p.currentLocation());
    if (start >= 0 && now >= 0 && now - start > maxBytes) {
      throw new TooLargeException("one event is larger than " + maxBytes + " bytes");
    }
  }

  private static long offset(JsonLocation loc) {
    if (loc == null) {
      return -1;
    }
    long b = loc.getByteOffset();
    return b >= 0 ? b : loc.getCharOffset();
  }
}
