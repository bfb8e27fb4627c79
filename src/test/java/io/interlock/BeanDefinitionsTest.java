package io.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.log.DecisionLog;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every class annotated as a bean got its bean definition. Micronaut's annotation processor skips a
 * bean it cannot fully resolve with only a compiler warning ("skipped from processing because of
 * prior error"), and the build still succeeds: the health aggregator that keeps /health UP while the
 * decision store is degraded was never a bean for that reason (Reactor was on the runtime path only),
 * so Micronaut's own aggregator answered and the overall status depended on which part answered last.
 */
class BeanDefinitionsTest {

    private static final List<String> BEAN_ANNOTATIONS = List.of("jakarta.inject.Singleton",
            "io.micronaut.context.annotation.Context", "io.micronaut.context.annotation.Factory",
            "io.micronaut.context.annotation.Prototype", "io.micronaut.http.annotation.Controller",
            "io.micronaut.http.annotation.ServerFilter");

    @Test
    void everyAnnotatedBeanHasAGeneratedDefinition() throws IOException, URISyntaxException {
        Path classes = Path.of(DecisionLog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> beans = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(BeanDefinitionsTest::isTopLevelClass)::iterator) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (isBean(name)) {
                    beans.add(name);
                    if (!exists(definitionOf(name))) {
                        missing.add(name);
                    }
                }
            }
        }
        assertTrue(beans.size() >= 20, "found only " + beans + " under " + classes);
        assertEquals(List.of(), missing, "bean classes without a generated definition (see the compiler's"
                + " 'skipped from processing' warning)");
    }

    private static boolean isTopLevelClass(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".class") && !name.contains("$") && !name.equals("module-info.class");
    }

    private static boolean isBean(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, BeanDefinitionsTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        for (Annotation a : type.getDeclaredAnnotations()) {
            if (BEAN_ANNOTATIONS.contains(a.annotationType().getName())) {
                return true;
            }
        }
        return false;
    }

    private static String definitionOf(String className) {
        int dot = className.lastIndexOf('.');
        return className.substring(0, dot + 1) + "$" + className.substring(dot + 1) + "$Definition";
    }

    private static boolean exists(String className) {
        try {
            Class.forName(className, false, BeanDefinitionsTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
