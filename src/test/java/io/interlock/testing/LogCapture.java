package io.interlock.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the service's log ({@code interlock}) said during a test, for tests of what an operator
 * reads there: {@code @RegisterExtension final LogCapture log = new LogCapture();}.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) org.slf4j.LoggerFactory.getLogger("interlock");

    @Override
    public void beforeEach(ExtensionContext context) {
        appender.start();
        logger.addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.detachAppender(appender);
    }

    /** The messages that start with {@code start}, at any level. */
    public List<String> lines(String start) {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith(start)).toList();
    }

    /** The messages at {@code level} that start with {@code start}. */
    public List<String> lines(Level level, String start) {
        return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith(start)).toList();
    }

    /** Everything said, for a failing assertion's message. */
    @Override
    public String toString() {
        return appender.list.toString();
    }
}
