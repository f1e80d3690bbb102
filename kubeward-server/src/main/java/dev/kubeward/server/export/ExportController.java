package dev.kubeward.server.export;

import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.findings.FindingFilter;
import dev.kubeward.server.findings.FindingQuery;
import dev.kubeward.server.findings.FindingService;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.ClusterDao;
import dev.kubeward.server.workspace.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** "Download CSV report", and the same findings as JSON or (misconfigurations) SARIF. */
@RestController
@Tag(name = "Export", description = "Findings as CSV, JSON or SARIF, streamed")
public class ExportController {
  private static final Set<String> EXTRA = Set.of("format");

  private final FindingExporter exporter;
  private final FindingService findings;
  private final WorkspaceService workspaces;
  private final ClusterDao clusters;

  public ExportController(FindingExporter exporter, FindingService findings, WorkspaceService workspaces,
      ClusterDao clusters) {
    this.exporter = exporter;
    this.findings = findings;
    this.workspaces = workspaces;
    this.clusters = clusters;
  }

  @GetMapping("/api/v1/clusters/{id}/findings/export")
  @Operation(summary = "Every finding of a cluster matching the filter, as csv (RFC 4180, formula-safe), json or"
      + " sarif (misconfigurations only)",
      responses = @ApiResponse(responseCode = "200", content = {
          @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
          @Content(mediaType = "application/json", schema = @Schema(type = "array")),
          @Content(mediaType = "application/sarif+json", schema = @Schema(type = "object"))}))
  public void exportCluster(@PathVariable String id, @RequestParam(defaultValue = "csv") String format,
      @ParameterObject FindingQuery query, HttpServletRequest request, HttpServletResponse response) throws IOException {
    CurrentUser.requireCluster(id);
    Cluster c = workspaces.cluster(id);
    export(c.name(), List.of(c), format, query, request, response);
  }

  @GetMapping("/api/v1/workspaces/{id}/findings/export")
  @Operation(summary = "Every finding of a workspace's clusters matching the filter, as csv, json or sarif",
      responses = @ApiResponse(responseCode = "200", content = {
          @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
          @Content(mediaType = "application/json", schema = @Schema(type = "array")),
          @Content(mediaType = "application/sarif+json", schema = @Schema(type = "object"))}))
  public void exportWorkspace(@PathVariable String id, @RequestParam(defaultValue = "csv") String format,
      @ParameterObject FindingQuery query, HttpServletRequest request, HttpServletResponse response) throws IOException {
    String name = workspaces.workspace(id).name();
    KubewardPrincipal who = CurrentUser.get();
    List<Cluster> visible = clusters.inWorkspace(id).stream().filter(c -> who.mayAccessCluster(c.id())).toList();
    if (who.clusterScope().isPresent() && visible.isEmpty()) {
      throw ApiException.forbidden("this token is scoped to a cluster of another workspace");
    }
    export(name, visible, format, query, request, response);
  }

  private void export(String name, List<Cluster> clusterList, String format, FindingQuery query,
      HttpServletRequest request, HttpServletResponse response) throws IOException {
    FindingQuery.requireKnown(request.getParameterMap().keySet(), EXTRA);
    FindingExporter.Format f = switch (format.toLowerCase(Locale.ROOT)) {
      case "csv" -> FindingExporter.Format.CSV;
      case "json" -> FindingExporter.Format.JSON;
      case "sarif" -> FindingExporter.Format.SARIF;
      default -> throw ApiException.badRequest("unknown format '" + format + "'; expected csv, json or sarif");
    };
    FindingFilter filter = query.toFilter();
    if (f == FindingExporter.Format.SARIF && filter.kind().isPresent()
        && filter.kind().get() != dev.kubeward.model.FindingKind.MISCONFIGURATION) {
      throw ApiException.badRequest("SARIF export is for misconfigurations; use kind=misconfiguration or csv/json");
    }
    Map<String, String> names = new HashMap<>();
    clusterList.forEach(c -> names.put(c.id(), c.name()));
    String file = "kubeward-findings-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + findings.today() + "."
        + f.extension;
    response.setStatus(200);
    response.setContentType(f.contentType);
    response.setHeader("Content-Disposition", "attachment; filename=\"" + file + "\"");
    response.setHeader("Cache-Control", "no-store");
    OutputStream out = response.getOutputStream();
    exporter.write(f, names.keySet(), names, filter, findings.today(), out);
  }
}
