package dev.kubeward.cli.db;

import dev.kubeward.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code kubeward db}: the vulnerability database (update, import, bundle, status). */
@Command(name = "db", description = "Manage the vulnerability database: update, import, bundle, status.")
public class DbCommand extends GroupCommand {}
