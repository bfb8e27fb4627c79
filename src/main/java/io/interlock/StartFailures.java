package io.interlock;

import io.interlock.config.InvalidConfigException;
import io.interlock.config.Settings;
import java.net.BindException;
import java.util.List;

/**
 * What a failed start prints: one line per problem, each naming the setting or file to fix, never
 * a framework's stack. Our own exceptions carry that line already; a socket that cannot be bound
 * is the one framework failure an operator causes by a setting, so it is translated here.
 */
final class StartFailures {

    private StartFailures() {}

    static List<String> lines(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigException invalid) {
                return invalid.problems();
            }
            if (t instanceof BindException bind) {
                return List.of(bindProblem(bind));
            }
        }
        return List.of(Main.reason(failure));
    }

    private static String bindProblem(BindException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("in use")) {
            return Settings.SERVER_PORT.env() + ": the port is already in use on this machine (another process listens "
                    + "on it); stop that process or set " + Settings.SERVER_PORT.env() + " to a free port";
        }
        return Settings.SERVER_HOST.env() + ": cannot listen there (" + message + "); set an address of this machine, "
                + "or unset it to listen on every interface";
    }
}
