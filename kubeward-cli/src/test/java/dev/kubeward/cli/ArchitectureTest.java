package dev.kubeward.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module boundaries of docs/ARCHITECTURE.md: engines are plain Java, dependencies point one way, and no
 * module reaches into another's {@code internal} packages. Runs here because the CLI sees every module.
 */
class ArchitectureTest {
  /** The engine modules' root packages: plain Java, shared by the CLI and the server. */
  static final List<String> ENGINES =
      List.of("model", "inventory", "posture", "compliance", "image", "packages", "advisories", "runtime", "risk");

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.kubeward");
  }

  @Test
  void theImportSeesEveryModuleOnTheClassPath() {
    // Guards the rules below against passing because nothing was imported.
    org.assertj.core.api.Assertions.assertThat(classes.containPackage("dev.kubeward.model")).isTrue();
    org.assertj.core.api.Assertions.assertThat(classes.containPackage("dev.kubeward.server")).isTrue();
    org.assertj.core.api.Assertions.assertThat(classes.containPackage("dev.kubeward.cli")).isTrue();
  }

  @Test
  void enginesDoNotUseSpring() {
    for (String engine : ENGINES) {
      ArchRule rule = noClasses().that().resideInAPackage("dev.kubeward." + engine + "..")
          .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..")
          .because("engines are plain Java libraries shared by the CLI and the server, and their tests must stay fast")
          .allowEmptyShould(true);
      rule.check(classes);
    }
  }

  @Test
  void modelDependsOnNothingElseOfKubeward() {
    noClasses().that().resideInAPackage("dev.kubeward.model..")
        .should().dependOnClassesThat().resideInAnyPackage(
            ENGINES.stream().filter(e -> !e.equals("model")).map(e -> "dev.kubeward." + e + "..").toArray(String[]::new))
        .orShould().dependOnClassesThat().resideInAnyPackage("dev.kubeward.server..", "dev.kubeward.cli..")
        .because("every module depends on the model, so the model must depend on none of them")
        .check(classes);
  }

  @Test
  void dependenciesPointTheDocumentedWay() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true)
        .layer("Model").definedBy("dev.kubeward.model..")
        .layer("Inventory").definedBy("dev.kubeward.inventory..")
        .layer("Posture").definedBy("dev.kubeward.posture..")
        .layer("Compliance").definedBy("dev.kubeward.compliance..")
        .layer("Image").definedBy("dev.kubeward.image..")
        .layer("Packages").definedBy("dev.kubeward.packages..")
        .layer("Advisories").definedBy("dev.kubeward.advisories..")
        .layer("Runtime").definedBy("dev.kubeward.runtime..")
        .layer("Risk").definedBy("dev.kubeward.risk..")
        .layer("Server").definedBy("dev.kubeward.server..")
        .layer("Cli").definedBy("dev.kubeward.cli..")
        .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("Server").mayOnlyBeAccessedByLayers("Cli")
        .whereLayer("Compliance").mayOnlyBeAccessedByLayers("Server", "Cli")
        .whereLayer("Risk").mayOnlyBeAccessedByLayers("Server", "Cli")
        .whereLayer("Advisories").mayOnlyBeAccessedByLayers("Risk", "Server", "Cli")
        .whereLayer("Runtime").mayOnlyBeAccessedByLayers("Server", "Cli")
        .whereLayer("Posture").mayOnlyBeAccessedByLayers("Compliance", "Server", "Cli")
        .whereLayer("Packages").mayOnlyBeAccessedByLayers("Advisories", "Server", "Cli")
        .whereLayer("Image").mayOnlyBeAccessedByLayers("Packages", "Server", "Cli")
        .whereLayer("Inventory").mayOnlyBeAccessedByLayers("Posture", "Compliance", "Runtime", "Risk", "Server", "Cli")
        .because("docs/ARCHITECTURE.md: engines build on the model and on the engines below them, the server on the "
            + "engines, the CLI on everything; never the other way round. The risk engine sits on top of the "
            + "inventory and the advisory matcher because it scores matches in their cluster context")
        .check(classes);
  }

  @Test
  void noModuleReachesIntoAnotherModulesInternals() {
    for (String module : List.of("model", "inventory", "posture", "compliance", "image", "packages", "advisories",
        "runtime", "risk", "server", "cli")) {
      noClasses().that().resideOutsideOfPackage("dev.kubeward." + module + "..")
          .should().dependOnClassesThat().resideInAPackage("dev.kubeward." + module + "..internal..")
          .because("a module's public API is its top-level packages; 'internal' may change without notice")
          .allowEmptyShould(true)
          .check(classes);
    }
  }
}
