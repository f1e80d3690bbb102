package dev.kubeward.advisories;

import java.util.List;

/**
 * What an update or import did.
 *
 * @param status the new database's status
 * @param downloaded slots fetched anew (or files imported)
 * @param unchanged slots the server said were not modified, reused from the previous database
 * @param notPublished optional slots the server does not have (404), skipped
 * @param issueCount malformed records seen (counted, never fatal)
 * @param issues the first of them
 */
public record UpdateResult(DatabaseStatus status, List<String> downloaded, List<String> unchanged,
    List<String> notPublished, int issueCount, List<ImportIssue> issues) {}
