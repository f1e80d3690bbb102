package dev.kubeward.server.export;

/**
 * Protects spreadsheet users from CSV formula injection: a cell that a spreadsheet would evaluate (it starts with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return) gets a leading apostrophe, which spreadsheets
 * show as text. Finding data comes from clusters, so an attacker can choose it (a pod named {@code =HYPERLINK(...)}).
 */
public final class CsvCells {
  private CsvCells() {}

  /** The cell as written to the CSV; null becomes "". */
  public static String neutralize(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    char c = value.charAt(0);
    if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
      return "'" + value;
    }
    return value;
  }
}
