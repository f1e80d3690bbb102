package dev.kubeward.runtime.event.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kubeward.runtime.event.Actor;
import dev.kubeward.runtime.event.ApiRequest;
import dev.kubeward.runtime.event.DecodeContext;
import dev.kubeward.runtime.event.EventFormat;
import dev.kubeward.runtime.event.EventInputException;
import dev.kubeward.runtime.event.EventInputException.Reason;
import dev.kubeward.runtime.event.EventKind;
import dev.kubeward.runtime.event.EventSource;
import dev.kubeward.runtime.event.FileAccess;
import dev.kubeward.runtime.event.NetworkPeer;
import dev.kubeward.runtime.event.PodSpecSummary;
import dev.kubeward.runtime.event.ProcessInfo;
import dev.kubeward.runtime.event.RawRef;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.runtime.event.SensorFinding;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Falco's JSON output, as {@code http_output} posts it and as falcosidekick forwards it to a webhook: one alert
 * object (rule, priority, time, output, output_fields), an array of them, or JSON lines from a file. The alert's
 * syscall decides the kind, so Kubeward's own process, file and network detections also see Falco's events.
 */
public final class FalcoFormat implements EventFormat {
  /** The format id. */
  public static final String ID = "falco";

  private static final Set<String> EXEC = Set.of("execve", "execveat");
  private static final Set<String> CONNECT = Set.of("connect", "sendto", "sendmsg");
  private static final Set<String> ACCEPT = Set.of("accept", "accept4");
  private static final Set<String> FILE = Set.of("open", "openat", "openat2", "creat", "read", "pread", "readv",
      "write", "pwrite", "writev", "unlink", "unlinkat", "rename", "renameat", "renameat2", "chmod", "fchmod",
      "fchmodat", "mkdir", "mkdirat", "symlink", "symlinkat", "link", "linkat");
  private static final Set<String> SYSCALLS = Set.of("mount", "umount", "umount2", "setns", "unshare", "init_module",
      "finit_module", "ptrace", "bpf", "pivot_root", "chroot");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Falco JSON output (http_output, falcosidekick webhook)";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean recognizes(Object firstValue) {
    Map<String, Object> m = EventFormat.firstObject(firstValue);
    return m.containsKey("rule") && m.containsKey("priority") && (m.containsKey("output")
        || m.containsKey("output_fields"));
  }

  @Override
  public void read(JsonParser p, DecodeContext ctx) throws IOException, EventInputException {
    if (p.currentToken() == JsonToken.START_ARRAY) {
      ctx.readArrayOfObjects(p, "a Falco alert object", this::decode);
      return;
    }
    decode(Fields.obj(ctx.readValue(p)), ctx);
  }

  private void decode(Map<String, Object> doc, DecodeContext ctx) throws EventInputException {
    String rule = Fields.str(doc, "rule");
    if (rule.isEmpty() || !(doc.get("rule") instanceof String)) {
      throw ctx.problem(Reason.MALFORMED, "Falco alert lacks 'rule'");
    }
    if (doc.containsKey("output_fields") && !(doc.get("output_fields") instanceof Map)) {
      throw ctx.problem(Reason.MALFORMED, "Falco alert field 'output_fields' is not an object");
    }
    Map<String, Object> f = Fields.obj(doc, "output_fields");
    Instant time = Fields.time(Fields.str(doc, "time"));
    if (time == null && Fields.num(f, -1, "evt.time") > 0) {
      time = Fields.fromEpochNanos(Fields.num(f, 0, "evt.time"));
    }
    if (time == null) {
      throw ctx.problem(Reason.MALFORMED, "Falco alert lacks a valid 'time'");
    }
    RawRef raw = ctx.nextRawRef();
    String uuid = Fields.str(doc, "uuid");
    String id = ID + ":" + (uuid.isEmpty() ? raw.batchId() + ":" + raw.index() : uuid);
    String evtType = field(f, "evt.type");
    String falcoSource = Fields.str(doc, "source");

    RuntimeEvent.Builder b = RuntimeEvent.builder(id, EventSource.FALCO, EventKind.SENSOR_ALERT, time)
        .cluster(ctx.ingest().cluster()).node(Fields.str(doc, "hostname")).raw(raw).syscall(evtType)
        .sensor(new SensorFinding(rule, Fields.str(doc, "priority"), Fields.strings(doc, "tags"),
            Fields.str(doc, "output"), f));

    String containerId = field(f, "container.id");
    if (containerId.equals("host")) {
      containerId = "";
    }
    String repo = field(f, "container.image.repository");
    String tag = field(f, "container.image.tag");
    String image = repo.isEmpty() ? field(f, "container.image") : tag.isEmpty() ? repo : repo + ":" + tag;
    String pod = first(f, "k8s.pod.name", "k8smeta.pod.name");
    b.namespace(first(f, "k8s.ns.name", "k8smeta.ns.name")).pod(pod).workload(Workloads.guess(pod, Map.of()))
        .container(field(f, "container.name")).containerId(containerId).image(image)
        .imageDigest(field(f, "container.image.digest"));

    ProcessInfo proc = process(f, "proc.");
    b.process(proc).parent(parent(f));
    String userName = field(f, "user.name");
    String uid = field(f, "user.uid");
    b.user(new Actor(userName, uid, List.of(), ""));

    if (falcoSource.equals("k8s_audit") || falcoSource.equals("k8saudit")) {
      b.user(new Actor(field(f, "ka.user.name"), "", List.of(), ""))
          .namespace(field(f, "ka.target.namespace"))
          .api(new ApiRequest(field(f, "ka.auditid"), "", field(f, "ka.verb"), field(f, "ka.target.resource"),
              field(f, "ka.target.subresource"), "", "", field(f, "ka.target.namespace"), field(f, "ka.target.name"),
              field(f, "ka.uri"), (int) Fields.num(f, 0, "ka.response.code"), "", false, field(f, "ka.useragent"),
              List.of(), Map.of(), PodSpecSummary.NONE));
    } else if (EXEC.contains(evtType)) {
      b.kind(EventKind.PROCESS_START);
    } else if (CONNECT.contains(evtType) || ACCEPT.contains(evtType)) {
      b.kind(EventKind.NETWORK_CONNECT).network(network(f, ACCEPT.contains(evtType) ? "inbound" : "outbound"));
    } else if (evtType.equals("listen")) {
      b.kind(EventKind.NETWORK_LISTEN).network(network(f, "listen"));
    } else if (FILE.contains(evtType) && field(f, "fd.name").startsWith("/")) {
      b.kind(EventKind.FILE_ACCESS);
    } else if (SYSCALLS.contains(evtType)) {
      b.kind(EventKind.SYSCALL);
    }
    if (field(f, "fd.name").startsWith("/")) {
      // Alerts about other syscalls (a shell opening /etc/shadow) still name the file.
      b.file(new FileAccess(field(f, "fd.name"), fileOperation(evtType, f)));
    }
    ctx.emit(b.build());
  }

  private static ProcessInfo process(Map<String, Object> f, String prefix) {
    String exe = field(f, prefix + "exepath");
    if (exe.isEmpty() && field(f, prefix + "exe").startsWith("/")) {
      exe = field(f, prefix + "exe");
    }
    String name = field(f, prefix + "name");
    String cmdline = field(f, prefix + "cmdline");
    String args = field(f, prefix + "args");
    if (exe.isEmpty() && name.isEmpty() && cmdline.isEmpty()) {
      return ProcessInfo.NONE;
    }
    if (args.isEmpty() && !cmdline.isEmpty()) {
      int space = cmdline.indexOf(' ');
      args = space > 0 ? cmdline.substring(space + 1) : "";
    }
    if (name.isEmpty() && !cmdline.isEmpty()) {
      int space = cmdline.indexOf(' ');
      name = space > 0 ? cmdline.substring(0, space) : cmdline;
    }
    long tty = Fields.num(f, 0, prefix + "tty");
    return new ProcessInfo(Fields.num(f, -1, prefix + "pid"), exe, name,
        cmdline.isEmpty() ? "" : (exe.isEmpty() ? cmdline : exe + (args.isEmpty() ? "" : " " + args)), args,
        field(f, prefix + "cwd"), Fields.num(f, -1, "user.uid"), field(f, "user.name"), null, "",
        Fields.bool(f, prefix + "is_exe_upper_layer"), Fields.bool(f, prefix + "is_exe_from_memfd"), tty > 0,
        List.of(), List.of());
  }

  private static ProcessInfo parent(Map<String, Object> f) {
    String name = field(f, "proc.pname");
    String exe = field(f, "proc.pexepath");
    if (exe.isEmpty() && field(f, "proc.pexe").startsWith("/")) {
      exe = field(f, "proc.pexe");
    }
    String cmdline = field(f, "proc.pcmdline");
    if (name.isEmpty() && exe.isEmpty() && cmdline.isEmpty()) {
      return ProcessInfo.NONE;
    }
    int space = cmdline.indexOf(' ');
    String args = space > 0 ? cmdline.substring(space + 1) : "";
    return new ProcessInfo(Fields.num(f, -1, "proc.ppid"), exe, name,
        cmdline.isEmpty() ? "" : (exe.isEmpty() ? cmdline : exe + (args.isEmpty() ? "" : " " + args)), args, "", -1,
        "", null, "", false, false, false, List.of(), List.of());
  }

  private static NetworkPeer network(Map<String, Object> f, String direction) {
    String remoteIp = first(f, "fd.rip", "fd.sip");
    long remotePort = Fields.num(f, -1, "fd.rport");
    if (remotePort < 0) {
      remotePort = Fields.num(f, -1, "fd.sport");
    }
    String localIp = first(f, "fd.lip", "fd.cip");
    long localPort = Fields.num(f, -1, "fd.lport");
    if (localPort < 0) {
      localPort = Fields.num(f, -1, "fd.cport");
    }
    String fdName = field(f, "fd.name");
    int arrow = fdName.indexOf("->");
    if (remoteIp.isEmpty() && arrow > 0) {
      String remote = fdName.substring(arrow + 2);
      int colon = remote.lastIndexOf(':');
      if (colon > 0) {
        remoteIp = remote.substring(0, colon);
        try {
          remotePort = Long.parseLong(remote.substring(colon + 1));
        } catch (NumberFormatException e) {
          remotePort = -1;
        }
      }
    }
    if (direction.equals("inbound")) {
      // For accepted connections the remote side is the client.
      remoteIp = first(f, "fd.cip", "fd.rip");
      remotePort = Fields.num(f, -1, "fd.cport");
    }
    return new NetworkPeer(field(f, "fd.l4proto").toUpperCase(java.util.Locale.ROOT), localIp, (int) localPort,
        remoteIp, (int) remotePort, field(f, "fd.sip.name"), direction);
  }

  private static String fileOperation(String evtType, Map<String, Object> f) {
    if (evtType.startsWith("unlink")) {
      return "delete";
    }
    if (evtType.startsWith("rename")) {
      return "rename";
    }
    if (evtType.contains("chmod")) {
      return "chmod";
    }
    if (evtType.startsWith("write") || evtType.startsWith("pwrite") || evtType.equals("creat")
        || evtType.startsWith("mkdir") || evtType.contains("link")) {
      return evtType.startsWith("write") || evtType.startsWith("pwrite") ? "write" : "create";
    }
    if (evtType.startsWith("read") || evtType.startsWith("pread")) {
      return "read";
    }
    String flags = field(f, "evt.arg.flags");
    if (flags.contains("O_WRONLY") || flags.contains("O_RDWR") || flags.contains("O_CREAT")) {
      return "write";
    }
    return evtType.startsWith("open") ? "open" : "other";
  }

  private static String field(Map<String, Object> f, String key) {
    Object v = f.get(key);
    if (v == null || v instanceof Map || v instanceof List) {
      return "";
    }
    String s = v.toString();
    // Falco prints "<NA>" for fields it could not resolve.
    return s.equals("<NA>") ? "" : s;
  }

  private static String first(Map<String, Object> f, String... keys) {
    for (String k : keys) {
      String v = field(f, k);
      if (!v.isEmpty()) {
        return v;
      }
    }
    return "";
  }
}
