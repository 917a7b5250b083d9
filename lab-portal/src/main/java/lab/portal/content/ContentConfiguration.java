package lab.portal.content;

import lab.portal.settings.LabProperties;
import lab.portal.settings.SetupProblem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;

/** The lab's content, loaded once at start; invalid content stops the portal with every problem listed. */
@Configuration
class ContentConfiguration {

    @Bean
    LabContent labContent(LabProperties settings) {
        if (!Files.isRegularFile(settings.contentFile())) {
            throw new SetupProblem("no lab content at " + settings.contentFile() + ": start the portal from the "
                    + "repository root, or set --lab.repo=<the repository> (or --lab.content=<lab.yaml>)", null);
        }
        try {
            return LabContent.load(settings.contentFile());
        } catch (IOException e) {
            throw new SetupProblem(e.getMessage(), e);
        }
    }
}
