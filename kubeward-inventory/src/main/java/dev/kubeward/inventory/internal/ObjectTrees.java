package dev.kubeward.inventory.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the three shapes a Kubernetes object takes here: whatever a YAML or JSON parser produced, the
 * normalised tree the rule engine evaluates (maps with String keys, {@code Long}/{@code Double} numbers, no nulls),
 * and the compact JSON bytes the inventory keeps.
 */
public final class ObjectTrees {
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
      .build();

  private ObjectTrees() {}

  /**
   * Normalises a parsed tree: keys become strings, integers {@code Long}, other numbers {@code Double}, binary values
   * base64 text, and null values disappear (the API server treats them as unset).
   */
  @SuppressWarnings("unchecked")
  public static Object normalize(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object v = normalize(e.getValue());
        if (v != null && e.getKey() != null) {
          out.put(StringPool.intern(String.valueOf(e.getKey())), v);
        }
      }
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        Object v = normalize(o);
        if (v != null) {
          out.add(v);
        }
      }
      return out;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
    }
    if (value instanceof Float || value instanceof BigDecimal) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof java.util.Date d) {
      return d.toInstant().toString();
    }
    if (value instanceof String s) {
      return StringPool.intern(s);
    }
    return value;
  }

  /** Compact JSON bytes of a normalised tree. */
  public static byte[] toJson(Object tree) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Long n) {
      g.writeNumber(n);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Number n) {
      g.writeNumber(n.toString());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v == null) {
      g.writeNull();
    } else {
      g.writeString(v.toString());
    }
  }

  /** Parses JSON bytes into a normalised tree (the inverse of {@link #toJson}). */
  public static Object fromJson(byte[] json) {
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      return read(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses stored JSON for one evaluation: like {@link #fromJson(byte[])} but without sharing value strings, since the
   * tree is short-lived and interning would only cost hashing.
   */
  public static Object fromJsonTransient(byte[] json) {
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      return read(p, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON text into a normalised tree; used for JSON files too large to be worth a YAML parser. */
  public static Object fromJson(JsonParser p) throws IOException {
    return read(p, true);
  }

  private static Object read(JsonParser p, boolean intern) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return null;
    }
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          Object v = read(p, intern);
          if (v != null) {
            m.put(key, v);
          }
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          Object v = read(p, intern);
          if (v != null) {
            l.add(v);
          }
        }
        return l;
      }
      case VALUE_STRING:
        return intern ? StringPool.intern(p.getText()) : p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) p.getDoubleValue() : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  /** The map at a dotted path of map keys, or an empty map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object root, String... path) {
    Object v = get(root, path);
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The list at a path, or an empty list. */
  @SuppressWarnings("unchecked")
  public static List<Object> list(Object root, String... path) {
    Object v = get(root, path);
    return v instanceof List<?> l ? (List<Object>) l : List.of();
  }

  /** The text at a path, or "". */
  public static String text(Object root, String... path) {
    Object v = get(root, path);
    return v instanceof String s ? s : v == null || v instanceof Map || v instanceof List ? "" : v.toString();
  }

  /** The value at a path of map keys, or null. */
  public static Object get(Object root, String... path) {
    Object cur = root;
    for (String key : path) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(key);
    }
    return cur;
  }
}
