package dev.kubeward.server.runtime;

import java.time.Instant;

/** Audit webhook batches of pod exec events, each by its own user, so that each event becomes an alert of its own. */
final class ExecBatches {
  private ExecBatches() {}

  /** An {@code audit.k8s.io/v1} EventList of {@code count} allowed exec sessions by users {@code user-<tag>-<i>}. */
  static String execs(String tag, int count, Instant at) {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        items.append(',');
      }
      items.append("""
          {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"exec-%s-%d",
           "stage":"ResponseComplete",
           "requestURI":"/api/v1/namespaces/shop/pods/web-1/exec?command=sh&container=web&stdin=true&tty=true",
           "verb":"create","user":{"username":"user-%s-%d@example.com","groups":["system:authenticated"]},
           "sourceIPs":["203.0.113.7"],"userAgent":"kubectl/v1.30.1",
           "objectRef":{"resource":"pods","namespace":"shop","name":"web-1","apiVersion":"v1","subresource":"exec"},
           "responseStatus":{"code":101},"annotations":{"authorization.k8s.io/decision":"allow"},
           "requestReceivedTimestamp":"%s","stageTimestamp":"%s"}""".formatted(tag, i, tag, i, at, at));
    }
    return "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + items + "]}";
  }
}
