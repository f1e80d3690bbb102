package dev.kubeward.advisories;

/**
 * A record that could not be read completely: it is counted and reported, and the rest of the import goes on.
 *
 * @param source the file or download it came from
 * @param recordId the record's id, or its position/entry name when it has no readable id
 * @param problem what is wrong, in a sentence
 */
public record ImportIssue(String source, String recordId, String problem) {
  /** "source: recordId: problem". */
  public String describe() {
    return source + ": " + recordId + ": " + problem;
  }
}
