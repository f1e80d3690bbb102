package dev.kubeward.cli.scan;

import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.image.Image;
import dev.kubeward.image.ImageException;
import dev.kubeward.image.ImageLoader;
import dev.kubeward.image.ImageOptions;
import dev.kubeward.image.LayerCache;
import dev.kubeward.image.LayerLimits;
import dev.kubeward.image.Platform;
import dev.kubeward.image.RegistryCredentials;
import dev.kubeward.packages.Analyzers;
import dev.kubeward.packages.PackageScanner;
import dev.kubeward.packages.ScanReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubeward scan image}: lists the OS and packages of a registry image, docker archive or OCI layout. */
@Command(name = "image", description = {"List the operating system and packages of an image and match them against the",
    "vulnerability database.",
    "IMAGE is a registry reference (alpine:3.19, registry.example.com/app@sha256:...), docker-archive:PATH "
        + "(from docker save) or oci:PATH[:TAG] (an OCI layout folder or tar)."})
public class ScanImageCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;
  @Mixin ScanOptions options;
  @Mixin MatchOptions match;

  @Parameters(paramLabel = "IMAGE", description = "The image to scan.")
  String image;

  @Option(names = "--platform", description = "Platform to pick from multi-platform images (default: linux/amd64).")
  String platform;

  @Option(names = "--docker-config", description = "Docker config.json with registry credentials "
      + "(default: $DOCKER_CONFIG/config.json or ~/.docker/config.json).")
  Path dockerConfig;

  @Option(names = "--pull-secret", description = "A Kubernetes pull secret's .dockerconfigjson content, as a file; repeatable.")
  List<Path> pullSecrets;

  @Option(names = "--insecure-registry", description = "Registry host[:port] to reach over plain HTTP; repeatable.")
  Set<String> insecureRegistries;

  @Option(names = "--max-concurrent-pulls", defaultValue = "4", description = "Concurrent requests per registry (default: 4).")
  int maxConcurrentPulls;

  @Override
  public String parent() {
    return "scan";
  }

  @Override
  public Integer call() {
    Platform p;
    try {
      p = platform == null ? Platform.LINUX_AMD64 : Platform.parse(platform);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    RegistryCredentials credentials;
    try {
      credentials = dockerConfig != null ? RegistryCredentials.fromDockerConfig(dockerConfig)
          : RegistryCredentials.fromDefaultDockerConfig();
      for (Path secret : pullSecrets == null ? List.<Path>of() : pullSecrets) {
        credentials.addDockerConfigJson(Files.readString(secret, StandardCharsets.UTF_8));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new UserInputException("cannot read credentials: " + e.getMessage());
    }
    VulnerabilityStage vulns = VulnerabilityStage.open(match, Clock.systemUTC());
    LayerCache cache = options.cache();
    var progress = options.progress(spec.commandLine().getErr());
    ImageOptions imageOptions = new ImageOptions(p, cache, credentials, insecureRegistries, maxConcurrentPulls, 5,
        Duration.ofMillis(500), LayerLimits.DEFAULT, progress);
    ScanReport report;
    try (Image opened = new ImageLoader(imageOptions).open(image)) {
      report = new PackageScanner(Analyzers.discover(), cache, LayerLimits.DEFAULT, progress, 2).scan(opened);
    } catch (ImageException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    ScanVulnerabilities v = vulns.match(report);
    ScanOutput.write(report, v, options, spec.commandLine().getOut());
    return vulns.finish(v, spec.commandLine().getErr());
  }
}
