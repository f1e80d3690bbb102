package dev.kubeward.runtime.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.kubeward.runtime.event.EventInputException.Reason;
import dev.kubeward.runtime.event.internal.BoundedJsonReader;
import dev.kubeward.runtime.event.internal.LimitedInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * The registry of {@link EventFormat}s (found through {@link ServiceLoader}) and the one place that turns bytes into
 * events: batches for ingestion endpoints (all or nothing) and streams for files (event by event).
 *
 * <p>Server use: {@code EventBatch batch = formats.parseBatch("kubernetes-audit", body, context, limits)}; an
 * {@link EventInputException} means the whole batch was rejected and names why.
 */
public final class EventFormats {
  private final Map<String, EventFormat> formats;
  private final Map<IngestLimits, JsonFactory> factories = new ConcurrentHashMap<>();

  private EventFormats(Map<String, EventFormat> formats) {
    this.formats = Collections.unmodifiableMap(formats);
  }

  /** Every format on the class path. */
  public static EventFormats load() {
    List<EventFormat> found = new ArrayList<>();
    ServiceLoader.load(EventFormat.class, EventFormats.class.getClassLoader()).forEach(found::add);
    return of(found);
  }

  /** A registry of exactly these formats. */
  public static EventFormats of(List<EventFormat> list) {
    Map<String, EventFormat> byId = new TreeMap<>();
    for (EventFormat f : list) {
      if (byId.putIfAbsent(f.id(), f) != null) {
        throw new IllegalStateException("two event formats have the id '" + f.id() + "'");
      }
    }
    return new EventFormats(byId);
  }

  /** The formats, sorted by id. */
  public List<EventFormat> all() {
    return List.copyOf(formats.values());
  }

  /** The format with this id. */
  public Optional<EventFormat> find(String id) {
    return Optional.ofNullable(formats.get(id));
  }

  /**
   * The format with this id.
   *
   * @throws EventInputException ({@link Reason#UNSUPPORTED_FORMAT}) naming the known ids
   */
  public EventFormat require(String id) throws EventInputException {
    EventFormat f = formats.get(id);
    if (f == null) {
      throw new EventInputException(Reason.UNSUPPORTED_FORMAT, "unknown event format '" + id + "'; known formats: "
          + String.join(", ", formats.keySet()));
    }
    return f;
  }

  /**
   * Reads a whole batch. Either every event is returned or an exception says why nothing was accepted.
   *
   * @param formatId the format's id (from the endpoint path)
   * @param body the request body; read to its end or to the first problem, not closed
   */
  public EventBatch parseBatch(String formatId, InputStream body, IngestContext context, IngestLimits limits)
      throws EventInputException {
    EventFormat format = require(formatId);
    List<RuntimeEvent> events = new ArrayList<>();
    LimitedInputStream limited = new LimitedInputStream(body, limits.maxBatchBytes());
    long read = run(format, limited, "batch " + context.batchId(), context, limits, events::add);
    if (read == 0 && limited.count() == 0) {
      throw new EventInputException(Reason.MALFORMED, "batch " + context.batchId() + ": empty body");
    }
    return new EventBatch(format.id(), context.batchId(), events, limited.count());
  }

  /**
   * Streams events from an input with many documents (JSON lines, concatenated JSON, or one array). Events reach
   * {@code sink} as they are read; on a problem the exception names the input and the line.
   *
   * @return the number of events read
   */
  public long stream(String formatId, InputStream in, String inputName, IngestContext context, IngestLimits limits,
      Consumer<RuntimeEvent> sink) throws EventInputException {
    return run(require(formatId), new LimitedInputStream(in, limits.maxBatchBytes()), inputName, context, limits, sink);
  }

  /**
   * Reads a recorded file (plain or gzip), detecting its format from its first JSON value when {@code formatId} is
   * null.
   *
   * @return the number of events read
   */
  public long readFile(Path file, String formatId, IngestContext context, IngestLimits limits,
      Consumer<RuntimeEvent> sink) throws EventInputException, IOException {
    IngestLimits fileLimits = limits.forFiles();
    EventFormat format = formatId != null ? require(formatId) : detect(file, fileLimits);
    try (InputStream in = open(file)) {
      return run(format, new LimitedInputStream(in, fileLimits.maxBatchBytes()), file.toString(), context,
          fileLimits, sink);
    }
  }

  /**
   * The format of a file, from its first JSON value.
   *
   * @throws EventInputException ({@link Reason#UNSUPPORTED_FORMAT}) when no format recognises it
   */
  public EventFormat detect(Path file, IngestLimits limits) throws EventInputException, IOException {
    Object first;
    try (InputStream in = open(file); JsonParser p = factory(limits).createParser(in)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new EventInputException(Reason.MALFORMED, file + ": the file holds no JSON");
      }
      if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
        throw new EventInputException(Reason.MALFORMED, file + ": expected a JSON object or array, found " + t);
      }
      first = new BoundedJsonReader(limits.maxDocumentBytes(), limits.maxDepth()).read(p);
    } catch (JsonProcessingException e) {
      throw new EventInputException(Reason.MALFORMED, file + ": not JSON: " + e.getOriginalMessage(), e);
    }
    List<EventFormat> matches = formats.values().stream().filter(f -> f.recognizes(first)).toList();
    if (matches.isEmpty()) {
      throw new EventInputException(Reason.UNSUPPORTED_FORMAT, file + ": not a known event format (known: "
          + String.join(", ", formats.keySet()) + "); name the format explicitly");
    }
    if (matches.size() > 1) {
      throw new EventInputException(Reason.UNSUPPORTED_FORMAT, file + ": could be any of "
          + matches.stream().map(EventFormat::id).collect(Collectors.joining(", ")) + "; name the format explicitly");
    }
    return matches.get(0);
  }

  private static InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
  }

  private long run(EventFormat format, InputStream in, String inputName, IngestContext context, IngestLimits limits,
      Consumer<RuntimeEvent> sink) throws EventInputException {
    DecodeContext ctx = new DecodeContext(format.id(), inputName, context, limits, sink);
    try (JsonParser p = factory(limits).createParser(in)) {
      ctx.attach(p);
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
          throw ctx.problem(Reason.MALFORMED, "expected a JSON object or array, found " + describe(t));
        }
        format.read(p, ctx);
      }
      return ctx.emitted();
    } catch (EventInputException e) {
      throw e;
    } catch (LimitedInputStream.LimitExceededException e) {
      throw new EventInputException(Reason.TOO_LARGE, inputName + ": " + e.getMessage(), e);
    } catch (StreamConstraintsException e) {
      throw new EventInputException(Reason.TOO_LARGE, ctx.where() + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof LimitedInputStream.LimitExceededException tooBig) {
        throw new EventInputException(Reason.TOO_LARGE, inputName + ": " + tooBig.getMessage(), e);
      }
      throw new EventInputException(Reason.MALFORMED, ctx.where() + "not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new EventInputException(Reason.MALFORMED, ctx.where() + "could not read input: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // A format that trips over hostile input must still reject cleanly rather than half-accept.
      throw new EventInputException(Reason.MALFORMED, ctx.where() + "could not decode event: " + e, e);
    }
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  private JsonFactory factory(IngestLimits limits) {
    return factories.computeIfAbsent(limits, l -> JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(l.maxDepth() + 2)
            .maxStringLength(l.maxStringLength())
            .maxNumberLength(400)
            .maxNameLength(10_000)
            .build())
        .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
        .build());
  }
}
