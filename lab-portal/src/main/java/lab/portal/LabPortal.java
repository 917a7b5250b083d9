package lab.portal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The lab in the browser: renders the guide, starts and stops the services through the active
 * {@link lab.portal.runtime.ServiceRuntime}, runs the experiments, judges their checks, streams what
 * happens over WebSocket and keeps the learner's progress in an embedded database.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LabPortal {
    public static void main(String[] args) {
        SpringApplication.run(LabPortal.class, args);
    }
}
