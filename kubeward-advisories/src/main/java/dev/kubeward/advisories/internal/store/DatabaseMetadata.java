package dev.kubeward.advisories.internal.store;

import dev.kubeward.advisories.ImportIssue;
import java.util.List;
import java.util.Map;

/** The {@code meta} section of a database file. Instants are ISO strings so the file needs no Jackson modules. */
public record DatabaseMetadata(
    int formatVersion,
    String buildId,
    String builtAt,
    List<StoredSource> sources,
    Map<String, Integer> advisoriesByEcosystem,
    int advisories,
    int withdrawn,
    int kevEntries,
    int epssScores,
    int nvdCves,
    int issueCount,
    List<ImportIssue> issues) {}
