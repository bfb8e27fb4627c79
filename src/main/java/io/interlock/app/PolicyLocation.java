package io.interlock.app;

import io.interlock.config.InterlockConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the policies come from: INTERLOCK_POLICIES when set; otherwise ./policies when it
 * exists; otherwise the example policies packaged in the jar (read-only), so the jar runs
 * anywhere out of the box.
 */
public final class PolicyLocation {

    static final String EMBEDDED = "interlock-policies";

    private PolicyLocation() {}

    public static Path resolve(InterlockConfig config) {
        if (config.policiesDir().isPresent()) {
            return config.policiesDir().get();
        }
        Path local = Path.of("policies");
        if (Files.isDirectory(local)) {
            return local;
        }
        return embedded();
    }

    public static boolean isEmbedded(Path path) {
        return !"file".equals(path.getFileSystem().provider().getScheme());
    }

    static Path embedded() {
        URL url = PolicyLocation.class.getClassLoader().getResource(EMBEDDED);
        if (url == null) {
            return Path.of("policies");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException already) {
                    // opened by an earlier call
                }
            }
            return Path.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
