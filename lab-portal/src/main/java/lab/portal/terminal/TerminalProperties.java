package lab.portal.terminal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The page's terminal: on unless {@code --lab.terminal=false}; at most {@code lab.terminal-limit} open at
 * once (one per page); closed after {@code lab.terminal-idle} without a key pressed.
 */
@ConfigurationProperties("lab")
public record TerminalProperties(@DefaultValue("true") boolean terminal, @DefaultValue("2") int terminalLimit,
                                 @DefaultValue("30m") Duration terminalIdle) {
}
