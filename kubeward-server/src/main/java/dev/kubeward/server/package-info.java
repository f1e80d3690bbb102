/**
 * The Kubeward server: the only module that uses Spring. It stores findings and settings, serves the REST API and the
 * web dashboard, authenticates users and tokens, and runs the engines on a schedule. Sub-packages are features
 * ({@code workspace}, {@code settings}, {@code security}, ...), each holding its records, DAO, service and controller.
 */
package dev.kubeward.server;
