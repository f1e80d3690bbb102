/** Serves the web dashboard's pages (static HTML and JavaScript that call the REST API). */
package dev.kubeward.server.web;
