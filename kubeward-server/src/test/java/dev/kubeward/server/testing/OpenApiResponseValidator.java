package dev.kubeward.server.testing;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks real API responses against the server's own OpenAPI document. Object schemas are made strict (no undeclared
 * properties) so that a field the document forgot is caught, not just a wrong type.
 */
public final class OpenApiResponseValidator {
  private final JsonNode document;
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  public OpenApiResponseValidator(JsonNode document) {
    this.document = document;
  }

  /**
   * The problems of {@code response} against the documented schema of an operation's response.
   *
   * @throws AssertionError when the document does not describe that operation and status
   */
  public List<String> problems(String path, String method, int status, JsonNode response) {
    JsonNode op = document.path("paths").path(path).path(method.toLowerCase());
    if (op.isMissingNode()) {
      throw new AssertionError("the OpenAPI document has no operation " + method + " " + path);
    }
    JsonNode content = op.path("responses").path(String.valueOf(status)).path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      throw new AssertionError("the OpenAPI document has no " + status + " response body for " + method + " " + path);
    }
    JsonNode schema = content.properties().iterator().next().getValue().path("schema");
    ObjectNode root = ApiClient.JSON.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.setAll((ObjectNode) schema.deepCopy());
    ObjectNode components = ((ObjectNode) document.path("components")).deepCopy();
    components.path("schemas").forEach(OpenApiResponseValidator::makeStrict);
    root.set("components", components);
    Schema compiled = registry.getSchema(SchemaLocation.of("urn:kubeward:openapi"), root);
    List<Error> errors = compiled.validate(response);
    return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }

  private static void makeStrict(JsonNode schema) {
    if (schema instanceof ObjectNode o && o.has("properties") && !o.has("additionalProperties")) {
      o.put("additionalProperties", false);
    }
    if (schema.isContainer()) {
      for (JsonNode child : schema) {
        makeStrict(child);
      }
    }
  }
}
