package dev.kubeward.server.api;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Describes why a request body could not be read, in words for the caller: the field, the bad value and what was
 * expected. Jackson's own messages name Java classes, so they are never passed through.
 */
final class JsonErrors {
  private JsonErrors() {}

  static String describe(HttpMessageNotReadableException ex) {
    Throwable cause = ex.getCause();
    if (cause == null && ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
      return "request body is missing";
    }
    if (cause instanceof UnrecognizedPropertyException u) {
      return "unknown field '" + u.getPropertyName() + "'" + at(u);
    }
    if (cause instanceof InvalidFormatException f) {
      Class<?> target = f.getTargetType();
      String expected = "";
      if (target != null && target.isEnum()) {
        expected = "; expected one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
      } else if (target != null) {
        expected = "; expected " + friendly(target);
      }
      return "invalid value '" + f.getValue() + "' for field '" + path(f) + "'" + expected;
    }
    if (cause instanceof MismatchedInputException m) {
      String field = path(m);
      Class<?> target = m.getTargetType();
      String expected = target == null ? "" : "; expected " + friendly(target);
      return field.isEmpty() ? "request body has the wrong shape" + expected
          : "field '" + field + "' has the wrong type" + expected;
    }
    if (cause instanceof DatabindException d) {
      // Usually a record constructor rejecting a value: its message is ours and meant for users.
      Throwable root = d.getCause();
      String msg = root instanceof IllegalArgumentException || root instanceof NullPointerException
          ? root.getMessage() : "request body could not be read";
      return msg + at(d);
    }
    if (cause instanceof StreamReadException s) {
      return "malformed JSON" + at(s);
    }
    if (cause instanceof JacksonException j) {
      return "request body could not be read" + at(j);
    }
    return "request body could not be read";
  }

  private static String path(DatabindException e) {
    return e.getPath().stream()
        .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  private static String at(JacksonException e) {
    var loc = e.getLocation();
    if (loc == null || loc.getLineNr() < 0) {
      return "";
    }
    return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }

  private static String friendly(Class<?> type) {
    if (type == Boolean.class || type == boolean.class) return "true or false";
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "a number";
    if (type == String.class) return "a string";
    if (java.util.Collection.class.isAssignableFrom(type)) return "a list";
    if (java.util.Map.class.isAssignableFrom(type)) return "an object";
    if (type.isEnum()) return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
    return "an object";
  }
}
