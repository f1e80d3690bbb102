/** Renderings of compliance results shared by the CLI and the server's evidence export: JSON trees and CSV rows. */
package dev.kubeward.compliance.report;
