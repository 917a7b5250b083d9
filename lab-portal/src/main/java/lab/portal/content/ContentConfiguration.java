package lab.portal.content;

import lab.portal.LabSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;

/** The lab's content, loaded once at start; invalid content stops the portal with every problem listed. */
@Configuration
class ContentConfiguration {

    @Bean
    LabContent labContent(LabSettings settings) throws IOException {
        return LabContent.load(settings.contentFile());
    }
}
