package lab.portal.runtime;

import lab.portal.LabSettings;
import lab.portal.SetupProblem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one runtime the portal uses, chosen at start (Docker when usable, local processes otherwise). */
@Configuration
class RuntimeConfiguration {

    @Bean
    RuntimeChoice runtimeChoice(LabSettings settings) {
        try {
            RuntimeChoice choice = RuntimeChoice.choose(settings.runtimeSettings());
            if (choice.runtime() instanceof DockerRuntime docker) docker.images().prepareInBackground();
            return choice;
        } catch (ServiceRuntime.RuntimeFailure e) {
            throw new SetupProblem(e.getMessage(), e);
        }
    }

    /** Closed with the portal: every replica it started is stopped, none is orphaned. */
    @Bean(destroyMethod = "close")
    ServiceRuntime serviceRuntime(RuntimeChoice choice) {
        return choice.runtime();
    }
}
