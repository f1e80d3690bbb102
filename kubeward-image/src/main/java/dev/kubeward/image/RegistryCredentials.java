package dev.kubeward.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials by registry host, read from a docker {@code config.json} or from the content of Kubernetes
 * {@code imagePullSecrets} ({@code .dockerconfigjson}, or the older {@code .dockercfg}). Later sources override earlier
 * ones for the same host.
 */
public final class RegistryCredentials {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Credential> byHost = new LinkedHashMap<>();

  /**
   * A user name and password (or registry token as password), or an identity token.
   *
   * @param username user name, "" with an identity token
   * @param password password or access token
   * @param identityToken an OAuth2 refresh token the registry issued, or ""
   */
  public record Credential(String username, String password, String identityToken) {
    public Credential {
      username = username == null ? "" : username;
      password = password == null ? "" : password;
      identityToken = identityToken == null ? "" : identityToken;
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
      return "Credential[" + username + ", ***]";
    }
  }

  /** No credentials: every registry is asked anonymously. */
  public static RegistryCredentials none() {
    return new RegistryCredentials();
  }

  /** Reads a docker {@code config.json}; a missing file gives no credentials. */
  public static RegistryCredentials fromDockerConfig(Path file) {
    RegistryCredentials c = new RegistryCredentials();
    if (file != null && Files.isRegularFile(file)) {
      try {
        c.addDockerConfigJson(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read docker config " + file + ": " + e.getMessage(), e);
      }
    }
    return c;
  }

  /** Reads {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}. */
  public static RegistryCredentials fromDefaultDockerConfig() {
    String dir = System.getenv("DOCKER_CONFIG");
    Path file = dir != null && !dir.isBlank()
        ? Path.of(dir, "config.json")
        : Path.of(System.getProperty("user.home"), ".docker", "config.json");
    return fromDockerConfig(file);
  }

  /** Adds one credential for a host. */
  public RegistryCredentials add(String registry, Credential credential) {
    byHost.put(normalizeHost(registry), credential);
    return this;
  }

  /**
   * Adds the content of a Kubernetes pull secret or a docker config: {@code {"auths": {host: {...}}}} or the legacy
   * {@code {host: {...}}} map.
   *
   * @throws IllegalArgumentException when the content is not such JSON, naming what is wrong but never the secret
   */
  public RegistryCredentials addDockerConfigJson(String content) {
    parseDockerConfig(content, false).forEach((host, credential) -> byHost.put(normalizeHost(host), credential));
    return this;
  }

  /** The largest docker config read: a Kubernetes Secret holds at most 1 MiB, so anything bigger is not one. */
  public static final int MAX_DOCKER_CONFIG_CHARS = 1024 * 1024;

  /**
   * Parses docker config content into its entries, keys as written ({@code https://index.docker.io/v1/},
   * {@code registry.example.com/team}, {@code *.example.com}), in file order. Entries that are not objects or carry no
   * credential are skipped.
   *
   * @param content {@code {"auths": {...}}} or, unless {@code requireAuths}, the legacy {@code .dockercfg} map
   * @param requireAuths true for a {@code .dockerconfigjson}, which must have an {@code auths} object
   * @throws IllegalArgumentException when the content is not such JSON, naming what is wrong but never the secret
   */
  public static Map<String, Credential> parseDockerConfig(String content, boolean requireAuths) {
    if (content == null || content.isBlank()) {
      throw new IllegalArgumentException("docker config is empty");
    }
    if (content.length() > MAX_DOCKER_CONFIG_CHARS) {
      throw new IllegalArgumentException("docker config is larger than 1 MiB");
    }
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (IOException e) {
      // Jackson's message quotes the input, which is the secret: only the line number is kept.
      throw new IllegalArgumentException("docker config is not valid JSON (line " + lineOf(e) + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("docker config must be a JSON object");
    }
    if (requireAuths && !root.has("auths")) {
      throw new IllegalArgumentException("docker config has no 'auths'");
    }
    JsonNode auths = root.has("auths") ? root.get("auths") : root;
    if (!auths.isObject()) {
      throw new IllegalArgumentException("docker config 'auths' must be an object");
    }
    Map<String, Credential> out = new LinkedHashMap<>();
    auths.fields().forEachRemaining(e -> {
      JsonNode v = e.getValue();
      if (!v.isObject()) {
        return;
      }
      String user = text(v, "username");
      String pass = text(v, "password");
      String auth = text(v, "auth");
      if (!auth.isEmpty()) {
        String decoded;
        try {
          decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException("docker config entry for " + e.getKey() + " has an 'auth' that is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException("docker config entry for " + e.getKey() + " has an 'auth' without user:password");
        }
        user = decoded.substring(0, colon);
        pass = decoded.substring(colon + 1);
      }
      String identity = text(v, "identitytoken");
      if (!user.isEmpty() || !pass.isEmpty() || !identity.isEmpty()) {
        out.put(e.getKey(), new Credential(user, pass, identity));
      }
    });
    return out;
  }

  private static String lineOf(IOException e) {
    return e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
        ? String.valueOf(j.getLocation().getLineNr()) : "?";
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  /** The credential for a registry host, if any. */
  public Optional<Credential> forRegistry(String registry) {
    return Optional.ofNullable(byHost.get(normalizeHost(registry)));
  }

  /** Hosts with credentials, for diagnostics. */
  public java.util.Set<String> registries() {
    return java.util.Collections.unmodifiableSet(byHost.keySet());
  }

  /** Maps the many spellings of a registry in docker configs ({@code https://index.docker.io/v1/}) to a host. */
  static String normalizeHost(String key) {
    String h = key.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("https://")) {
      h = h.substring(8);
    } else if (h.startsWith("http://")) {
      h = h.substring(7);
    }
    int slash = h.indexOf('/');
    if (slash >= 0) {
      h = h.substring(0, slash);
    }
    if (h.equals("docker.io") || h.equals("index.docker.io") || h.equals("registry.hub.docker.com")) {
      return ImageReference.DOCKER_HUB;
    }
    return h;
  }
}
