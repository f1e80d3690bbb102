package dev.kubeward.runtime.event;

/**
 * A network connection or listening socket.
 *
 * @param protocol {@code TCP}, {@code UDP}, ... or ""
 * @param sourceIp local address, or ""
 * @param sourcePort local port, or -1
 * @param destinationIp remote address, or ""
 * @param destinationPort remote port, or -1
 * @param destinationHost the remote host name where the sensor resolved it, or ""
 * @param direction {@code outbound}, {@code inbound}, {@code listen}, or ""
 */
public record NetworkPeer(
    String protocol,
    String sourceIp,
    int sourcePort,
    String destinationIp,
    int destinationPort,
    String destinationHost,
    String direction) {

  /** No network activity. */
  public static final NetworkPeer NONE = new NetworkPeer("", "", -1, "", -1, "", "");

  public NetworkPeer {
    protocol = protocol == null ? "" : protocol;
    sourceIp = sourceIp == null ? "" : sourceIp;
    destinationIp = destinationIp == null ? "" : destinationIp;
    destinationHost = destinationHost == null ? "" : destinationHost;
    direction = direction == null ? "" : direction;
  }
}
