package lab.portal.runtime;

import lab.portal.LabSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one runtime the portal uses, chosen at start (Docker when usable, local processes otherwise). */
@Configuration
class RuntimeConfiguration {

    @Bean
    RuntimeChoice runtimeChoice(LabSettings settings) throws ServiceRuntime.RuntimeFailure {
        return RuntimeChoice.choose(settings.runtimeSettings());
    }

    /** Closed with the portal: every replica it started is stopped, none is orphaned. */
    @Bean(destroyMethod = "close")
    ServiceRuntime serviceRuntime(RuntimeChoice choice) {
        return choice.runtime();
    }
}
