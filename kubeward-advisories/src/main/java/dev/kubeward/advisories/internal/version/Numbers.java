package dev.kubeward.advisories.internal.version;

/** Compares arbitrarily long digit strings numerically, so no version part can overflow a long. */
final class Numbers {
  private Numbers() {}

  static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  static int compareDigits(String a, String b) {
    String x = stripZeros(a);
    String y = stripZeros(b);
    if (x.length() != y.length()) {
      return x.length() < y.length() ? -1 : 1;
    }
    return Integer.signum(x.compareTo(y));
  }

  private static String stripZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }
}
