package dev.kubeward.advisories;

/**
 * Receives what an {@link AdvisorySource} reads. OSV is the common format: a source of another advisory format
 * converts each record to OSV JSON and hands it over as {@link #osvRecord}; enrichment sources hand over their
 * per-CVE facts. Problems with single records go to {@link #issue} and never stop the reading.
 */
public interface AdvisorySink {
  /**
   * One OSV record (schema 1.x) as JSON bytes; the database validates it and reports what is wrong by id.
   *
   * @param entryName where it came from inside the file (a zip entry name, an array position), for messages
   */
  void osvRecord(String entryName, byte[] json);

  /** One entry of CISA's KEV catalogue. */
  void kev(KevEntry entry);

  /** One EPSS score. */
  void epss(EpssScore score);

  /**
   * One CVSS vector NVD publishes for a CVE.
   *
   * @param version "2.0", "3.0", "3.1" or "4.0"
   */
  void nvdCvss(String cve, String version, String vector);

  /** A record that could not be read; counted and reported. */
  void issue(String recordId, String problem);
}
