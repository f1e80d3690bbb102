package dev.kubeward.runtime.event.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kubeward.runtime.event.Actor;
import dev.kubeward.runtime.event.DecodeContext;
import dev.kubeward.runtime.event.EventFormat;
import dev.kubeward.runtime.event.EventInputException;
import dev.kubeward.runtime.event.EventInputException.Reason;
import dev.kubeward.runtime.event.EventKind;
import dev.kubeward.runtime.event.EventSource;
import dev.kubeward.runtime.event.FileAccess;
import dev.kubeward.runtime.event.NetworkPeer;
import dev.kubeward.runtime.event.ProcessInfo;
import dev.kubeward.runtime.event.RawRef;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.runtime.event.WorkloadRef;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tetragon's JSON export: one event per line (or an array), each an object with exactly one event key
 * ({@code process_exec}, {@code process_exit}, {@code process_kprobe}, ...) next to {@code node_name} and
 * {@code time}. Kprobe, LSM and uprobe events are mapped by their function and arguments to network, file or
 * syscall events.
 */
public final class TetragonFormat implements EventFormat {
  /** The format id. */
  public static final String ID = "tetragon";

  private static final Set<String> ENVELOPE = Set.of("node_name", "time", "cluster_name", "aggregation_info",
      "node_labels");
  private static final Set<String> PROCESS_SCOPED = Set.of("process_exec", "process_exit", "process_kprobe",
      "process_tracepoint", "process_uprobe", "process_lsm", "process_loader", "process_connect", "process_close",
      "process_listen");
  private static final Set<String> STATUS = Set.of("rate_limit_info", "process_throttle", "test");
  /** Kernel functions that are the interesting act themselves, whatever their arguments. */
  private static final Set<String> SYSCALLS = Set.of("mount", "umount", "setns", "unshare", "init_module",
      "finit_module", "ptrace", "bpf", "kexec_load", "pivot_root", "chroot", "move_mount", "fsmount", "setuid",
      "commit_creds", "module_load");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Tetragon JSON export";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean recognizes(Object firstValue) {
    Map<String, Object> m = EventFormat.firstObject(firstValue);
    return m.keySet().stream().anyMatch(k -> PROCESS_SCOPED.contains(k) || STATUS.contains(k));
  }

  @Override
  public void read(JsonParser p, DecodeContext ctx) throws IOException, EventInputException {
    if (p.currentToken() == JsonToken.START_ARRAY) {
      ctx.readArrayOfObjects(p, "a Tetragon event object", this::decode);
      return;
    }
    decode(Fields.obj(ctx.readValue(p)), ctx);
  }

  private void decode(Map<String, Object> doc, DecodeContext ctx) throws EventInputException {
    String type = null;
    for (String key : doc.keySet()) {
      if (ENVELOPE.contains(key)) {
        continue;
      }
      if (type != null) {
        throw ctx.problem(Reason.MALFORMED, "Tetragon event has two event keys, '" + type + "' and '" + key + "'");
      }
      type = key;
    }
    if (type == null) {
      throw ctx.problem(Reason.MALFORMED, "Tetragon event has no event key (process_exec, process_kprobe, ...)");
    }
    if (!PROCESS_SCOPED.contains(type) && !STATUS.contains(type)) {
      throw ctx.problem(Reason.UNKNOWN_EVENT_TYPE, "unknown Tetragon event type '" + type + "'");
    }
    if (!(doc.get(type) instanceof Map)) {
      throw ctx.problem(Reason.MALFORMED, "Tetragon event '" + type + "' is not an object");
    }
    Map<String, Object> body = Fields.obj(doc, type);
    Instant time = Fields.time(Fields.str(doc, "time"));
    if (time == null) {
      time = ctx.ingest().receivedAt();
    }
    RawRef raw = ctx.nextRawRef();
    RuntimeEvent.Builder b = RuntimeEvent.builder(ID + ":" + raw.batchId() + ":" + raw.index(), EventSource.TETRAGON,
            EventKind.SENSOR_STATUS, time)
        .cluster(ctx.ingest().cluster()).node(Fields.str(doc, "node_name")).raw(raw);
    if (STATUS.contains(type)) {
      b.syscall(type);
      ctx.emit(b.build());
      return;
    }
    Map<String, Object> process = Fields.obj(body, "process");
    if (process.isEmpty() && !type.equals("process_loader")) {
      throw ctx.problem(Reason.MALFORMED, "Tetragon event '" + type + "' has no process");
    }
    applyPod(b, Fields.obj(process, "pod"), process);
    ProcessInfo proc = process(process);
    b.process(proc).parent(process(Fields.obj(body, "parent")))
        .user(new Actor(proc.userName(), proc.uid() >= 0 ? Long.toString(proc.uid()) : "", List.of(), ""));

    switch (type) {
      case "process_exec" -> b.kind(EventKind.PROCESS_START);
      case "process_exit" -> b.kind(EventKind.PROCESS_EXIT);
      case "process_connect" -> b.kind(EventKind.NETWORK_CONNECT).network(legacyNetwork(body, "outbound"));
      case "process_close" -> b.kind(EventKind.NETWORK_CLOSE).network(legacyNetwork(body, "outbound"));
      case "process_listen" -> b.kind(EventKind.NETWORK_LISTEN).network(new NetworkPeer(Fields.str(body, "protocol"),
          Fields.str(body, "ip"), (int) Fields.num(body, -1, "port"), "", -1, "", "listen"));
      case "process_tracepoint" -> b.kind(EventKind.SYSCALL).syscall(syscallName(Fields.str(body, "event")));
      case "process_loader" -> b.kind(EventKind.FILE_ACCESS).file(new FileAccess(absolute(Fields.str(body, "path")),
          "mmap"));
      default -> mapFunction(b, body);
    }
    ctx.emit(b.build());
  }

  private static void mapFunction(RuntimeEvent.Builder b, Map<String, Object> body) {
    String function = Fields.str(body, "function_name");
    String syscall = syscallName(function);
    List<Object> args = Fields.list(body, "args");
    String path = "";
    Map<String, Object> sock = Map.of();
    long mask = -1;
    for (Object a : args) {
      if (path.isEmpty()) {
        for (String k : List.of("file_arg", "path_arg", "linux_binprm_arg")) {
          String s = Fields.str(a, k, "path");
          if (!s.isEmpty()) {
            path = absolute(s);
            break;
          }
        }
      }
      if (sock.isEmpty()) {
        sock = Fields.obj(a, "sock_arg");
        if (sock.isEmpty()) {
          sock = Fields.obj(a, "sockaddr_arg");
        }
      }
      if (mask < 0 && Fields.has(a, "int_arg")) {
        mask = Fields.num(a, -1, "int_arg");
      }
    }
    if (SYSCALLS.contains(syscall)) {
      b.kind(EventKind.SYSCALL).syscall(syscall).file(path.isEmpty() ? FileAccess.NONE : new FileAccess(path, "other"));
    } else if (!sock.isEmpty() || function.contains("connect") || function.startsWith("tcp_")
        || function.startsWith("udp_")) {
      EventKind kind = function.contains("close") ? EventKind.NETWORK_CLOSE
          : function.contains("listen") ? EventKind.NETWORK_LISTEN : EventKind.NETWORK_CONNECT;
      b.kind(kind).syscall(syscall).network(sockNetwork(sock, kind));
    } else if (!path.isEmpty()) {
      b.kind(EventKind.FILE_ACCESS).syscall(syscall).file(new FileAccess(path, fileOperation(function, mask)));
    } else {
      b.kind(EventKind.SYSCALL).syscall(syscall);
    }
  }

  /** {@code __x64_sys_mount} and {@code security_sb_mount} both become {@code mount}. */
  static String syscallName(String function) {
    String s = function.toLowerCase(Locale.ROOT);
    for (String prefix : List.of("__x64_sys_", "__arm64_sys_", "__ia32_sys_", "__se_sys_", "__do_sys_", "__sys_",
        "sys_", "ksys_", "do_", "security_")) {
      if (s.startsWith(prefix)) {
        s = s.substring(prefix.length());
        break;
      }
    }
    if (s.equals("sb_mount") || s.equals("mount_setattr")) {
      return "mount";
    }
    return s;
  }

  static String fileOperation(String function, long mask) {
    String f = function.toLowerCase(Locale.ROOT);
    if (f.contains("file_permission")) {
      // MAY_WRITE is 2, MAY_READ is 4 in the kernel's permission mask.
      return (mask & 2) != 0 ? "write" : (mask & 4) != 0 ? "read" : "open";
    }
    if (f.contains("write") || f.contains("truncate")) {
      return "write";
    }
    if (f.contains("read")) {
      return "read";
    }
    if (f.contains("unlink") || f.contains("rmdir")) {
      return "delete";
    }
    if (f.contains("rename")) {
      return "rename";
    }
    if (f.contains("mmap")) {
      return "mmap";
    }
    if (f.contains("chmod") || f.contains("setattr") || f.contains("chown")) {
      return "chmod";
    }
    if (f.contains("create") || f.contains("mknod") || f.contains("link")) {
      return "create";
    }
    if (f.contains("open") || f.contains("fd_install")) {
      return "open";
    }
    return "other";
  }

  /** Older Tetragon versions print file paths without the leading slash ({@code etc/passwd}). */
  private static String absolute(String path) {
    return path.isEmpty() || path.startsWith("/") ? path : "/" + path;
  }

  private static void applyPod(RuntimeEvent.Builder b, Map<String, Object> pod, Map<String, Object> process) {
    Map<String, Object> container = Fields.obj(pod, "container");
    Map<String, String> labels = Fields.stringMap(pod, "pod_labels");
    String podName = Fields.str(pod, "name");
    String workload = Fields.str(pod, "workload");
    String imageId = Fields.str(container, "image", "id");
    String containerId = Fields.stripRuntimePrefix(Fields.str(container, "id"));
    if (containerId.isEmpty()) {
      containerId = Fields.str(process, "docker");
    }
    b.namespace(Fields.str(pod, "namespace")).pod(podName).podLabels(labels)
        .workload(workload.isEmpty() ? Workloads.guess(podName, labels)
            : new WorkloadRef(Fields.str(pod, "workload_kind"), workload))
        .container(Fields.str(container, "name")).containerId(containerId)
        .image(Fields.str(container, "image", "name")).imageDigest(Fields.digestOf(imageId));
  }

  private static ProcessInfo process(Map<String, Object> p) {
    if (p.isEmpty()) {
      return ProcessInfo.NONE;
    }
    List<String> hostNs = new ArrayList<>();
    for (Map.Entry<String, Object> ns : Fields.obj(p, "ns").entrySet()) {
      if (Fields.bool(ns.getValue(), "is_host")) {
        hostNs.add(ns.getKey());
      }
    }
    boolean fileless = Fields.has(p, "binary_properties", "file", "inode", "links")
        && Fields.num(p, 1, "binary_properties", "file", "inode", "links") == 0;
    String binary = Fields.str(p, "binary");
    return new ProcessInfo(Fields.num(p, -1, "pid"), binary, ProcessInfo.baseName(binary), "",
        Fields.str(p, "arguments"), Fields.str(p, "cwd"), Fields.num(p, -1, "uid"), Fields.str(p, "user", "name"),
        Fields.time(Fields.str(p, "start_time")), Fields.str(p, "exec_id"), false, fileless,
        Fields.has(p, "tty") && !Fields.str(p, "tty").isEmpty(), Fields.strings(p, "cap", "effective"), hostNs);
  }

  private static NetworkPeer legacyNetwork(Map<String, Object> body, String direction) {
    return new NetworkPeer(Fields.str(body, "protocol"), Fields.str(body, "source_ip"),
        (int) Fields.num(body, -1, "source_port"), Fields.str(body, "destination_ip"),
        (int) Fields.num(body, -1, "destination_port"), "", direction);
  }

  private static NetworkPeer sockNetwork(Map<String, Object> sock, EventKind kind) {
    String protocol = Fields.str(sock, "protocol");
    if (protocol.startsWith("IPPROTO_")) {
      protocol = protocol.substring("IPPROTO_".length());
    }
    String daddr = Fields.str(sock, "daddr");
    if (daddr.isEmpty()) {
      daddr = Fields.str(sock, "addr");
    }
    int dport = (int) Fields.num(sock, -1, "dport");
    if (dport < 0) {
      dport = (int) Fields.num(sock, -1, "port");
    }
    return new NetworkPeer(protocol, Fields.str(sock, "saddr"), (int) Fields.num(sock, -1, "sport"), daddr, dport, "",
        kind == EventKind.NETWORK_LISTEN ? "listen" : "outbound");
  }
}
