package dev.kubeward.advisories;

import java.net.URI;

/**
 * A file {@code kubeward db update} downloads.
 *
 * @param slot its path in a mirror's layout ({@code osv/Go/all.zip}); a mirror base URL plus the slot is where a
 *     mirror serves it, and the slot names the file inside offline bundles
 * @param defaultUri where the publisher serves it
 * @param optional true when the publisher may not have it (a 404 then skips it instead of failing the update)
 */
public record RemoteFile(String slot, URI defaultUri, boolean optional) {}
