package io.queryhound.internal.suppress;

import io.queryhound.CallSite;
import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.internal.config.Diagnostics;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code @QueryHoundSuppress} on the methods and classes of a finding's application frames. Frames are class and
 * method names, so the classes are looked up by name; the annotation is matched by its name too, because under the
 * agent the application's copy of it (in its own class loader) is not the agent's relocated one.
 *
 * <p>Reflection costs microseconds, so it runs only when a scope has produced a finding, never per query, and its
 * answer is kept per (class, method) name in a bounded cache. Two versions of one class in different class loaders
 * therefore share an answer, as call sites already do. Nothing here throws: a class that cannot be found or read
 * simply carries no suppression.
 */
final class AnnotatedSuppressions {

    /** Written with '#' so that the agent's relocation leaves the application's annotation name as it is. */
    static final String ANNOTATION = "io#queryhound#QueryHoundSuppress".replace('#', '.');
    static final int MAX_CACHED = 4096;

    private static final ConcurrentHashMap<String, List<Declared>> CACHE = new ConcurrentHashMap<>();

    /** One annotation as read: the type names it covers, its reason and where it sits. */
    record Declared(List<String> types, Finding.Suppression suppression) {
        boolean covers(FindingType type) {
            return types.contains(type.name());
        }
    }

    private AnnotatedSuppressions() {
    }

    /** The suppression an annotation on one of {@code finding}'s frames (call site first, then its callers) gives, or null. */
    static Finding.Suppression find(Finding finding) {
        Finding.Suppression found = find(finding.callSite(), finding.type());
        for (int i = 0; found == null && i < finding.stack().size(); i++) {
            found = find(finding.stack().get(i), finding.type());
        }
        return found;
    }

    private static Finding.Suppression find(CallSite frame, FindingType type) {
        if (frame == null) {
            return null;
        }
        for (Declared declared : declaredOn(frame.className(), frame.methodName())) {
            if (declared.covers(type)) {
                return declared.suppression();
            }
        }
        return null;
    }

    /** The annotations that apply to a frame: on its method (or the method a lambda or local class was written in), then its classes. */
    static List<Declared> declaredOn(String className, String methodName) {
        String key = className + '#' + methodName;
        List<Declared> cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        List<Declared> declared;
        try {
            declared = resolve(className, methodName);
        } catch (Throwable e) {
            declared = List.of(); // a class that cannot be read carries no suppression; the application is not concerned
        }
        if (CACHE.size() >= MAX_CACHED) {
            CACHE.clear(); // bounded: past this many frames only the shortcut is lost
        }
        CACHE.put(key, declared);
        return declared;
    }

    /** For tests: forget what was looked up. */
    static void clearCache() {
        CACHE.clear();
    }

    private static List<Declared> resolve(String className, String methodName) {
        Class<?> type = load(className);
        if (type == null) {
            return List.of();
        }
        List<Declared> found = new ArrayList<>(1);
        String method = sourceMethod(methodName);
        if (method.equals("<init>")) {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                read(constructor, "constructor of " + type.getName(), found);
            }
        } else if (!method.equals("<clinit>")) {
            for (Method candidate : type.getDeclaredMethods()) {
                // By name: a frame has no signature, so every overload of the method counts.
                if (candidate.getName().equals(method)) {
                    read(candidate, type.getName() + "." + method + "()", found);
                }
            }
        }
        // An anonymous or local class runs inside the method it was written in.
        for (Class<?> current = type; current != null; current = current.getEnclosingClass()) {
            Method enclosingMethod = current.getEnclosingMethod();
            if (enclosingMethod != null) {
                read(enclosingMethod, enclosingMethod.getDeclaringClass().getName() + "." + enclosingMethod.getName()
                        + "()", found);
            }
            read(current, "class " + current.getName(), found);
        }
        return found.isEmpty() ? List.of() : List.copyOf(found);
    }

    /** {@code lambda$regionTotals$2} is the body of a lambda written in {@code regionTotals}. */
    static String sourceMethod(String methodName) {
        if (methodName.startsWith("lambda$")) {
            int end = methodName.indexOf('$', "lambda$".length());
            if (end > "lambda$".length()) {
                return methodName.substring("lambda$".length(), end);
            }
        }
        return methodName;
    }

    private static Class<?> load(String className) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader[] loaders = {context, ClassLoader.getSystemClassLoader(), AnnotatedSuppressions.class.getClassLoader()};
        for (ClassLoader loader : loaders) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(className, false, loader); // not initialised: no static initialiser of the application runs
            } catch (ClassNotFoundException | LinkageError notThere) {
                // try the next loader
            }
        }
        return null;
    }

    private static void read(AnnotatedElement element, String where, List<Declared> found) {
        for (Annotation annotation : element.getDeclaredAnnotations()) {
            Class<? extends Annotation> annotationType = annotation.annotationType();
            if (!annotationType.getName().equals(ANNOTATION)) {
                continue;
            }
            String declaredAt = "@QueryHoundSuppress on " + where;
            try {
                Object value = annotationType.getMethod("value").invoke(annotation);
                Object reason = annotationType.getMethod("reason").invoke(annotation);
                List<String> types = new ArrayList<>();
                for (int i = 0; value != null && i < Array.getLength(value); i++) {
                    Object type = Array.get(value, i);
                    if (type instanceof Enum<?> constant) {
                        types.add(constant.name());
                    }
                }
                String text = reason instanceof String string ? string.trim() : "";
                if (text.isEmpty()) {
                    Diagnostics.warnOnce("suppress-annotation:" + where, declaredAt + " has no reason: write why"
                            + " these findings are acceptable, as in @QueryHoundSuppress(value = N_PLUS_ONE, reason ="
                            + " \"at most 12 regions\"); the annotation is ignored");
                    continue;
                }
                if (types.isEmpty()) {
                    Diagnostics.warnOnce("suppress-annotation:" + where, declaredAt + " names no finding type;"
                            + " the annotation is ignored");
                    continue;
                }
                found.add(new Declared(List.copyOf(types), new Finding.Suppression(text, declaredAt)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                Diagnostics.warnOnce("suppress-annotation:" + where, declaredAt + " could not be read (" + e
                        + "); the annotation is ignored");
            }
        }
    }
}
