package lab.portal.runtime;

import lab.portal.LabProperties;
import lab.portal.SetupProblem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.EnumMap;
import java.util.Map;

/** The one runtime the portal uses, chosen at start (Docker when an engine answers, local processes otherwise). */
@Configuration
class RuntimeConfiguration {

    @Bean
    RuntimeChoice runtimeChoice(LabProperties lab) {
        Map<LabService, ServiceSpec> services = new EnumMap<>(LabService.class);
        for (LabService s : LabService.values()) {
            LabProperties.Service p = lab.services().of(s);
            services.put(s, new ServiceSpec(p.port(), p.environment(), p.image(), p.baseImage(), p.memoryLimitBytes()));
        }
        RuntimeChoice.Settings settings = new RuntimeChoice.Settings(RuntimeChoice.Mode.valueOf(lab.runtime().name()), lab.dockerHost(),
                lab.repoPath(), lab.dataPath(), services, lab.modelCacheVolume());
        try {
            RuntimeChoice choice = RuntimeChoice.choose(settings);
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
