package dev.kubeward.runtime.detection.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IP-in-CIDR tests for the {@code inCidrs(ip, cidrs)} CEL function. Only literal addresses are parsed (never a DNS
 * lookup); anything unparseable is simply not in any range.
 */
final class Cidrs {
  private static final int MAX_CACHED = 4096;
  private static final Map<String, byte[][]> CACHE = new ConcurrentHashMap<>();

  private Cidrs() {}

  static boolean inAny(String ip, List<?> cidrs) {
    byte[] addr = parseLiteral(ip);
    if (addr == null) {
      return false;
    }
    for (Object c : cidrs) {
      if (c instanceof String s) {
        byte[][] range = range(s);
        if (range != null && contains(range, addr)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean contains(byte[][] range, byte[] addr) {
    byte[] net = range[0];
    int bits = range[1][0] & 0xff | (range[1].length > 1 ? (range[1][1] & 0xff) << 8 : 0);
    if (net.length != addr.length) {
      return false;
    }
    for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((net[i] & mask) != (addr[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  private static byte[][] range(String cidr) {
    byte[][] cached = CACHE.get(cidr);
    if (cached != null) {
      return cached;
    }
    int slash = cidr.indexOf('/');
    byte[] net = parseLiteral(slash >= 0 ? cidr.substring(0, slash) : cidr);
    if (net == null) {
      return null;
    }
    int bits;
    try {
      bits = slash >= 0 ? Integer.parseInt(cidr.substring(slash + 1)) : net.length * 8;
    } catch (NumberFormatException e) {
      return null;
    }
    if (bits < 0 || bits > net.length * 8) {
      return null;
    }
    byte[][] parsed = {net, new byte[] {(byte) (bits & 0xff), (byte) (bits >> 8)}};
    if (CACHE.size() > MAX_CACHED) {
      CACHE.clear();
    }
    CACHE.put(cidr, parsed);
    return parsed;
  }

  /** The bytes of a literal IPv4 or IPv6 address, or null. */
  static byte[] parseLiteral(String ip) {
    if (ip == null || ip.isEmpty() || ip.length() > 45) {
      return null;
    }
    if (ip.indexOf(':') < 0) {
      String[] parts = ip.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] out = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (parts[i].isEmpty() || parts[i].length() > 3) {
          return null;
        }
        int v = 0;
        for (char ch : parts[i].toCharArray()) {
          if (ch < '0' || ch > '9') {
            return null;
          }
          v = v * 10 + (ch - '0');
        }
        if (v > 255) {
          return null;
        }
        out[i] = (byte) v;
      }
      return out;
    }
    for (char ch : ip.toCharArray()) {
      if (!(ch == ':' || ch == '.' || Character.digit(ch, 16) >= 0)) {
        return null;
      }
    }
    try {
      // A string with ':' and only hex digits, dots and colons is parsed as a literal, never looked up.
      byte[] b = InetAddress.getByName(ip).getAddress();
      if (b.length == 16 && isV4Mapped(b)) {
        return new byte[] {b[12], b[13], b[14], b[15]};
      }
      return b;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean isV4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }
}
