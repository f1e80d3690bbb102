package dev.kubeward.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvCellsTest {
  @Test
  void cellsASpreadsheetWouldEvaluateBecomeText() {
    assertThat(CsvCells.neutralize("=1+1")).isEqualTo("'=1+1");
    assertThat(CsvCells.neutralize("+41 79")).isEqualTo("'+41 79");
    assertThat(CsvCells.neutralize("-cmd")).isEqualTo("'-cmd");
    assertThat(CsvCells.neutralize("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(CsvCells.neutralize("\t=1")).isEqualTo("'\t=1");
    assertThat(CsvCells.neutralize("\r=1")).isEqualTo("'\r=1");
  }

  @Test
  void ordinaryCellsStayAsTheyAre() {
    assertThat(CsvCells.neutralize("checkout")).isEqualTo("checkout");
    assertThat(CsvCells.neutralize("a=b")).isEqualTo("a=b");
    assertThat(CsvCells.neutralize("")).isEmpty();
    assertThat(CsvCells.neutralize(null)).isEmpty();
  }
}
