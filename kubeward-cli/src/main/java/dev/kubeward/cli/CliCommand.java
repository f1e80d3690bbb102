package dev.kubeward.cli;

/**
 * A command of the {@code kubeward} executable. Implementations are picocli {@code @Command} classes with a public
 * no-argument constructor, listed in {@code META-INF/services/dev.kubeward.cli.CliCommand}.
 *
 * <p>Example: {@code scan image} is a class annotated {@code @Command(name = "image")} whose {@link #parent()} is
 * {@code "scan"}; the {@code scan} group itself is a command whose parent is {@code ""}.
 */
public interface CliCommand {
  /** Space-separated names of the parent command ("" for a top-level command, "scan", "version", ...). */
  String parent();
}
