package dev.kubeward.advisories;

import java.time.Instant;

/**
 * One input of the database: a download or an imported file.
 *
 * @param slot where it lives in a mirror's layout ({@code osv/Go/all.zip}, {@code kev/known_exploited_vulnerabilities.json})
 * @param sourceId the {@link AdvisorySource} that read it ("osv", "kev", "epss", "nvd")
 * @param origin the URL it was downloaded from or the path it was imported from
 * @param sha256 checksum of the file as stored
 * @param size its size in bytes
 * @param records how many records it contributed
 * @param issues how many of its records were malformed
 * @param retrievedAt when it was downloaded, or the imported file's modification time
 */
public record SourceStatus(String slot, String sourceId, String origin, String sha256, long size, int records,
    int issues, Instant retrievedAt) {}
