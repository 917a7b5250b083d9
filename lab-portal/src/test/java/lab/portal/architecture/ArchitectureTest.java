package lab.portal.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import lab.portal.content.ContentSource;
import lab.portal.progress.BlockRunStore;
import lab.portal.progress.ProgressStore;
import lab.portal.runtime.RuntimeChoice;
import lab.portal.runtime.ServiceRuntime;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The portal's architecture, read from its compiled classes: what a change must not break for the folder
 * layout to keep telling the truth about it.
 */
class ArchitectureTest {
    private static final JavaClasses PORTAL = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("lab.portal");

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("lab.portal.(**)").should().beFreeOfCycles().check(PORTAL);
    }

    @Test
    void theTwoRuntimesAreUsedOnlyThroughServiceRuntime() {
        noClasses().that().resideOutsideOfPackages("lab.portal.runtime.docker..", "lab.portal.runtime.local..", "lab.portal.runtime.wiring..")
                .should().dependOnClassesThat().resideInAnyPackage("lab.portal.runtime.docker..", "lab.portal.runtime.local..")
                .because("experiments, blocks and controls know only the runtime's interface; only the wiring chooses one")
                .check(PORTAL);
    }

    @Test
    void controllersNeverTouchARuntimeOrAStore() {
        noClasses().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Controller.class)
                .should().dependOnClassesThat().areAssignableTo(ServiceRuntime.class)
                .orShould().dependOnClassesThat().areAssignableTo(RuntimeChoice.class)
                .orShould().dependOnClassesThat().areAssignableTo(ProgressStore.class)
                .orShould().dependOnClassesThat().areAssignableTo(BlockRunStore.class)
                .because("a controller is thin: it asks a service of its feature, which owns the rules")
                .check(PORTAL);
    }

    @Test
    void nothingOutsideTheContentReadsLabYaml() {
        noClasses().that().resideOutsideOfPackage("lab.portal.content..")
                .should().dependOnClassesThat().areAssignableTo(ContentSource.class)
                .because("lab.yaml is bound to the content's typed records in one place")
                .check(PORTAL);
        noClasses().that().resideOutsideOfPackages("lab.portal.content..", "lab.portal.kubernetes..")
                .should().dependOnClassesThat().resideInAnyPackage("org.yaml.snakeyaml..", "tools.jackson.dataformat.yaml..")
                .because("YAML is read by the content (lab.yaml) and the Kubernetes panel (the manifests) only")
                .check(PORTAL);
    }
}
