/**
 * REST conventions shared by every endpoint under {@code /api/v1}: errors as {@code application/problem+json} with a
 * message that names the problem, cursor paging, request size limits and the OpenAPI document.
 */
package dev.kubeward.server.api;
