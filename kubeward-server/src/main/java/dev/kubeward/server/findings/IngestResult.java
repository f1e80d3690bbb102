package dev.kubeward.server.findings;

/**
 * What one report changed.
 *
 * @param reportSeq the report's number within its source
 * @param received findings in the report (duplicates of a key count once)
 * @param inserted new findings
 * @param updated findings whose content changed (or that came back)
 * @param unchanged findings skipped because nothing about them changed
 * @param reopened findings that came back after being resolved
 * @param resolved findings resolved because the report no longer had them
 */
public record IngestResult(long reportSeq, long received, long inserted, long updated, long unchanged, long reopened,
    long resolved) {}
