package dev.kubeward.runtime.event;

import java.time.Instant;
import java.util.List;

/**
 * A process as a sensor saw it. Unknown text fields are "", unknown numbers -1, so detections never meet nulls.
 *
 * @param pid process id in the sensor's (host) view, or -1
 * @param executable absolute path of the executable, or "" when the sensor gives only a name
 * @param name the executable's base name ({@code bash})
 * @param commandLine the command line as one string, executable first ({@code /bin/sh -c id})
 * @param arguments the arguments without the executable ({@code -c id})
 * @param cwd working directory, or ""
 * @param uid numeric user id, or -1
 * @param userName user name where the sensor resolves it, or ""
 * @param startTime when the process started, or null when unknown
 * @param execId the sensor's unique id for this execution (Tetragon {@code exec_id}), or ""
 * @param exeUpperLayer the sensor says the executable was written after the container started (in the overlay upper
 *     layer), so it is not part of the image
 * @param exeFromMemory the executable has no file on disk (memfd or deleted): fileless execution
 * @param tty the process has a terminal
 * @param capabilities effective capabilities, where the sensor reports them
 * @param hostNamespaces Linux namespaces the process shares with the host ({@code pid}, {@code net}, {@code mnt}, ...)
 */
public record ProcessInfo(
    long pid,
    String executable,
    String name,
    String commandLine,
    String arguments,
    String cwd,
    long uid,
    String userName,
    Instant startTime,
    String execId,
    boolean exeUpperLayer,
    boolean exeFromMemory,
    boolean tty,
    List<String> capabilities,
    List<String> hostNamespaces) {

  /** No process (API events, or a parent the sensor did not report). */
  public static final ProcessInfo NONE =
      new ProcessInfo(-1, "", "", "", "", "", -1, "", null, "", false, false, false, List.of(), List.of());

  public ProcessInfo {
    executable = executable == null ? "" : executable;
    name = name == null || name.isEmpty() ? baseName(executable) : name;
    arguments = arguments == null ? "" : arguments;
    commandLine = commandLine == null || commandLine.isEmpty()
        ? (executable.isEmpty() ? name : executable) + (arguments.isEmpty() ? "" : " " + arguments)
        : commandLine;
    cwd = cwd == null ? "" : cwd;
    userName = userName == null ? "" : userName;
    execId = execId == null ? "" : execId;
    capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    hostNamespaces = hostNamespaces == null ? List.of() : List.copyOf(hostNamespaces);
  }

  /** True when nothing is known about the process. */
  public boolean isEmpty() {
    return executable.isEmpty() && name.isEmpty() && pid < 0;
  }

  /** The part after the last '/'. */
  public static String baseName(String path) {
    if (path == null || path.isEmpty()) {
      return "";
    }
    int slash = path.lastIndexOf('/');
    return slash >= 0 ? path.substring(slash + 1) : path;
  }
}
