package dev.kubeward.advisories;

import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.NotEvaluated;
import java.util.List;

/**
 * A package whose status against some advisories is unknown — never reported as "not affected".
 *
 * @param pkg the package
 * @param advisoryIds the advisories that could not be decided
 * @param notEvaluated why: an unparseable version, an unknown OS release, a malformed range
 */
public record UndeterminedPackage(InstalledPackage pkg, List<String> advisoryIds, NotEvaluated notEvaluated) {}
