package io.queryhound.internal.detect;

import io.queryhound.CallSite;

import java.lang.StackWalker.StackFrame;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Finds the line of application code responsible for a JDBC call: the innermost stack frame that
 * is not the JDK, a driver, a pool, an ORM or framework, a generated proxy, or QueryHound itself.
 * A finding that names {@code OrderService.totals(OrderService.java:42)} is actionable; one that
 * names {@code HikariProxyPreparedStatement.executeQuery} is not.
 *
 * <p>Besides the site it notes which frameworks ran between the JDBC call and the site, because
 * the advice for an N+1 differs: a lazy Hibernate collection wants a fetch join or an entity graph,
 * a JdbcTemplate loop wants an {@code IN} list or a batch.
 *
 * <p>Called only lazily (first sight of a statement in a scope, threshold crossings, slow
 * queries), never per query, but still written to allocate little: prefix checks are plain loops
 * over arrays and a {@link CallSite} is only built for frames that are kept. Thread-safe: instances
 * are immutable.
 */
public final class CallSites {

    /** Any Hibernate ORM frame. */
    public static final int HIBERNATE = 1;
    /** A persistent collection initialising itself: the classic lazy-collection N+1. */
    public static final int HIBERNATE_LAZY_COLLECTION = 2;
    /** A lazy to-one proxy initialising itself. */
    public static final int HIBERNATE_PROXY = 4;
    public static final int SPRING_JDBC = 8;
    public static final int SPRING_DATA = 16;
    /** MyBatis, or its Spring integration. */
    public static final int MYBATIS = 32;
    public static final int JOOQ = 64;
    /** A JPA provider other than Hibernate: EclipseLink or OpenJPA. */
    public static final int JPA_OTHER = 128;

    // A bound so that a pathological recursion cannot make one capture arbitrarily expensive; real
    // application frames sit far above it even under deep framework stacks.
    private static final int MAX_FRAMES_EXAMINED = 512;

    // Frames in these never point at the user's code: the platform, drivers, pools, persistence and
    // web frameworks, observability and test tooling, and QueryHound's own non-API packages.
    private static final String[] INFRASTRUCTURE = {
        "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.",
        "kotlin.", "kotlinx.", "scala.", "groovy.", "org.codehaus.groovy.",
        "org.h2.", "org.postgresql.", "com.mysql.", "org.mariadb.", "oracle.", "com.microsoft.sqlserver.",
        "com.ibm.db2.", "org.hsqldb.", "org.apache.derby.", "org.sqlite.",
        "com.zaxxer.hikari.", "org.apache.commons.dbcp", "org.apache.tomcat.", "org.apache.catalina.",
        "com.mchange.", "io.agroal.", "com.alibaba.druid.", "org.vibur.",
        "org.hibernate.", "org.eclipse.persistence.", "org.apache.openjpa.", "org.springframework.",
        "org.apache.ibatis.", "org.mybatis.", "org.jooq.", "org.jdbi.", "io.ebean.", "org.jetbrains.exposed.",
        real("net#ttddyy#dsproxy#"), "com.p6spy.", "io.opentelemetry.", "io.micrometer.",
        "org.eclipse.jetty.", "io.undertow.", "io.netty.",
        "org.junit.", "org.testng.", "org.apache.maven.", "org.codehaus.mojo.", "org.codehaus.plexus.", "org.gradle.",
        "org.assertj.", "org.hamcrest.", "org.mockito.", "com.intellij.rt.",
        real("net#bytebuddy#"), "org.flywaydb.", "liquibase.",
        real("io#queryhound#internal#"), "io.queryhound.agent.", real("io#queryhound#junit#"),
    };

    // Test runners: a walk that reaches one is done, because everything further out is the runner,
    // the build tool and the launcher. Without this, a capture in a test would read the whole
    // (hundreds of frames deep) runner stack looking for callers that cannot be there.
    private static final String[] TEST_RUNNERS = {
        "org.junit.platform.", "org.junit.jupiter.engine.", "org.junit.runners.", "org.junit.internal.runners.",
        "org.testng.", "org.apache.maven.surefire.", "org.gradle.", "com.intellij.rt.",
    };

    private static final String[] QUERYHOUND_OWN = {
        real("io#queryhound#internal#"), "io.queryhound.agent.", real("io#queryhound#junit#"),
    };

    private static final String QUERYHOUND_API_PACKAGE = real("io#queryhound#");

    /**
     * A package prefix written with '#' for '.': the agent jar relocates this class and, with it, every
     * string constant that names a relocated package, but these prefixes must keep naming the
     * application's own classes (its Byte Buddy, its datasource-proxy, its copy of QueryHound). The
     * agent's relocated classes all start with {@code io.queryhound.agent.}, which is listed as is.
     */
    private static String real(String hashed) {
        return hashed.replace('#', '.');
    }

    private static final StackWalker WALKER = walker();

    private static final Capture NONE = new Capture(null, List.of(), 0);

    /**
     * No class references (a walker that retains them walks at half the speed); hidden (lambda form)
     * frames are left out by the JVM. Reflection frames are shown: left to the walker, it tests every
     * frame's class against the reflection classes (about 5 % of a capture), while their names all
     * start with java. or jdk. and are skipped here anyway. The depth estimate sizes the first batch
     * of frames: a JDBC call sits 20-40 frames below the application's line (pool and proxy layers),
     * and the default batch of 8 means fetching and growing the buffer several times per capture.
     */
    private static StackWalker walker() {
        try {
            return StackWalker.getInstance(java.util.Set.of(StackWalker.Option.SHOW_REFLECT_FRAMES), 48);
        } catch (SecurityException e) {
            return StackWalker.getInstance(java.util.Set.of(), 48); // a security manager may refuse the option
        }
    }

    /**
     * Sites already built, by frame. A frame's file and line come from the JVM only as a whole
     * StackTraceElement, which costs more than the rest of a capture together (about 2 us per frame
     * kept, against well under 1 us per frame walked), and a site's frame always maps to the same
     * line. Keyed by class name rather than class (a walker that retains classes walks at half the
     * speed), so two versions of one class in different class loaders could share a line number;
     * bounded by clearing.
     */
    private static final int MAX_CACHED_SITES = 4096;
    private static final ConcurrentHashMap<Frame, CallSite> SITES = new ConcurrentHashMap<>();

    private record Frame(String className, String methodName, int byteCodeIndex) {
    }

    // A verdict on a class name, kept per name: the prefix lists are long (about 60 entries), every
    // capture judges 20-40 frames, and an application runs through a few hundred classes at most.
    // The low byte holds the framework flags (frameworkOf).
    private static final int FRAMEWORK_MASK = 0xFF;
    private static final int TEST_RUNNER = 1 << 8;
    private static final int GENERIC_APPLICATION = 1 << 9;
    /** A generic-application class whose name says reflection: its invoke frames are not the site. */
    private static final int MAYBE_REFLECTIVE = 1 << 10;
    private static final int IN_APP_PACKAGES = 1 << 11;
    private static final int MAX_VERDICTS = 8192;
    /**
     * Verdicts by class name. The names come from {@code Class.getName()}, the same string each time
     * with its hash already computed, so a lookup is one probe. Bounded by clearing, like {@link #SITES}.
     */
    private final ConcurrentHashMap<String, Integer> verdicts = new ConcurrentHashMap<>();

    /** The application packages themselves, so that a class named exactly like one matches. */
    private final String[] appNames;
    /** The same names with a trailing dot, so that {@code com.acme} does not match {@code com.acmex}. */
    private final String[] appPrefixes;
    private final String[] skipPrefixes;
    private final int maxStackFrames;

    /**
     * @param appPackages    the application's packages; empty to judge by what is not application code
     * @param skipPackages   extra package or class name prefixes that are never the site, such as a
     *                       project's own JDBC helpers
     * @param maxStackFrames how many application callers to keep above the site
     */
    public CallSites(List<String> appPackages, List<String> skipPackages, int maxStackFrames) {
        List<String> names = new ArrayList<>();
        if (appPackages != null) {
            for (String name : appPackages) {
                String trimmed = name == null ? "" : name.trim();
                while (trimmed.endsWith(".")) {
                    trimmed = trimmed.substring(0, trimmed.length() - 1);
                }
                if (!trimmed.isEmpty()) {
                    names.add(trimmed);
                }
            }
        }
        this.appNames = names.toArray(new String[0]);
        this.appPrefixes = new String[appNames.length];
        for (int i = 0; i < appNames.length; i++) {
            appPrefixes[i] = appNames[i] + '.';
        }
        List<String> skips = new ArrayList<>();
        if (skipPackages != null) {
            for (String prefix : skipPackages) {
                String trimmed = prefix == null ? "" : prefix.trim();
                if (!trimmed.isEmpty()) {
                    skips.add(trimmed);
                }
            }
        }
        this.skipPrefixes = skips.toArray(new String[0]);
        this.maxStackFrames = Math.max(0, maxStackFrames);
    }

    /**
     * The application frame responsible for the JDBC call the current thread is making. Never
     * throws: anything going wrong yields a capture without a site.
     */
    public Capture capture() {
        try {
            // StackWalker rather than Throwable.getStackTrace(): it materialises frames lazily and
            // stops once the site and its callers are found, instead of filling in the whole
            // (often hundreds of frames deep) stack of a web request.
            return WALKER.walk(this::scan);
        } catch (Throwable e) {
            return NONE;
        }
    }

    /**
     * The same decision as {@link #capture()} on frames the caller already has, innermost first.
     * Never throws: null lists and null elements are tolerated.
     */
    public Capture fromFrames(List<StackTraceElement> frames) {
        try {
            if (frames == null) {
                return NONE;
            }
            Scan scan = new Scan();
            int examined = 0;
            for (StackTraceElement frame : frames) {
                if (examined++ >= MAX_FRAMES_EXAMINED) {
                    break;
                }
                if (frame != null && scan.offer(frame.getClassName(), frame)) {
                    break;
                }
            }
            return scan.result();
        } catch (Throwable e) {
            return NONE;
        }
    }

    private Capture scan(Stream<StackFrame> frames) {
        Scan scan = new Scan();
        Iterator<StackFrame> iterator = frames.limit(MAX_FRAMES_EXAMINED).iterator();
        while (iterator.hasNext()) {
            StackFrame frame = iterator.next();
            // Only the class name here: a StackFrame's method name is resolved by the VM on first
            // use (about as costly as fetching the frame), and most frames are judged by class alone.
            if (scan.offer(frame.getClassName(), frame)) {
                break;
            }
        }
        return scan.result();
    }

    /**
     * One pass over a stack, innermost frame first. With application packages configured it
     * follows two candidates at once, the application-package site and the generic one, because
     * the generic one is the fallback when no frame is in those packages and a second pass over
     * a StackWalker stream is not possible.
     */
    private final class Scan {
        private int seenFrameworks;

        private CallSite genericSite;
        private List<CallSite> genericStack;
        private int genericFrameworks;

        private CallSite appSite;
        private List<CallSite> appStack;
        private int appFrameworks;

        /** Returns true once nothing further up the stack can change the result. */
        boolean offer(String className, Object frame) {
            if (className == null) {
                return false;
            }
            int verdict = verdict(className);
            if ((verdict & TEST_RUNNER) != 0) {
                return true;
            }
            boolean generic = (verdict & GENERIC_APPLICATION) != 0
                    && ((verdict & MAYBE_REFLECTIVE) == 0 || !isReflectiveInvoke(frame));
            if (appSite != null) {
                // Callers of the site count by the generic rule: a controller outside the
                // application packages still says how the site was reached.
                if (generic) {
                    appStack = add(appStack, toCallSite(frame));
                }
                return size(appStack) >= maxStackFrames;
            }
            if ((verdict & IN_APP_PACKAGES) != 0) {
                appSite = toCallSite(frame);
                appFrameworks = seenFrameworks;
                return maxStackFrames == 0;
            }
            if (genericSite == null) {
                if (generic) {
                    genericSite = toCallSite(frame);
                    genericFrameworks = seenFrameworks;
                }
            } else if (generic && size(genericStack) < maxStackFrames) {
                genericStack = add(genericStack, toCallSite(frame));
            }
            seenFrameworks |= verdict & FRAMEWORK_MASK;
            // With application packages the walk goes on: a frame in them may still come.
            return appNames.length == 0 && genericSite != null && size(genericStack) >= maxStackFrames;
        }

        Capture result() {
            if (appSite != null) {
                return new Capture(appSite, appStack, appFrameworks);
            }
            if (genericSite != null) {
                return new Capture(genericSite, genericStack, genericFrameworks);
            }
            // No site: every framework seen is still worth reporting.
            return seenFrameworks == 0 ? NONE : new Capture(null, List.of(), seenFrameworks);
        }

        private List<CallSite> add(List<CallSite> list, CallSite site) {
            List<CallSite> target = list != null ? list : new ArrayList<>(Math.min(maxStackFrames, 16));
            target.add(site);
            return target;
        }

        private int size(List<CallSite> list) {
            return list == null ? 0 : list.size();
        }
    }

    private boolean isInAppPackages(String className) {
        boolean matches = false;
        for (int i = 0; i < appNames.length && !matches; i++) {
            matches = className.startsWith(appPrefixes[i]) || className.equals(appNames[i]);
        }
        // Explicit skips win over a broad application package (appPackages=com.acme with
        // skipPackages=com.acme.jdbc), and QueryHound never blames itself even if listed.
        return matches
                && !startsWithAny(className, skipPrefixes)
                && !isGenerated(className)
                && !isQueryHound(className);
    }

    private int verdict(String className) {
        Integer known = verdicts.get(className);
        if (known != null) {
            return known;
        }
        int verdict = judge(className);
        if (verdicts.size() >= MAX_VERDICTS) {
            verdicts.clear(); // bounded: a stack of generated class names only loses the shortcut
        }
        verdicts.put(className, verdict);
        return verdict;
    }

    private int judge(String className) {
        int verdict = frameworkOf(className);
        if (startsWithAny(className, TEST_RUNNERS)) {
            verdict |= TEST_RUNNER;
        }
        if (!startsWithAny(className, INFRASTRUCTURE)
                && !isQueryHoundApi(className)
                && !startsWithAny(className, skipPrefixes)
                && !isGenerated(className)) {
            verdict |= GENERIC_APPLICATION;
            if (className.contains("reflect")) {
                verdict |= MAYBE_REFLECTIVE;
            }
        }
        if (appNames.length > 0 && isInAppPackages(className)) {
            verdict |= IN_APP_PACKAGES;
        }
        return verdict;
    }

    private static boolean startsWithAny(String className, String[] prefixes) {
        for (String prefix : prefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Only classes directly in {@code io.queryhound}: subpackages such as {@code io.queryhound.demo}
     * are someone's application code, including QueryHound's own examples and tests.
     */
    private static boolean isQueryHoundApi(String className) {
        return className.startsWith(QUERYHOUND_API_PACKAGE)
                && className.indexOf('.', QUERYHOUND_API_PACKAGE.length()) < 0;
    }

    /** Whether {@code className} is QueryHound's own code (its API classes or an internal, agent or junit package). */
    public static boolean isQueryHound(String className) {
        return isQueryHoundApi(className) || startsWithAny(className, QUERYHOUND_OWN);
    }

    /** Proxies and subclasses made at run time, whose frames only forward to the real method. */
    static boolean isGenerated(String className) {
        // Every marker contains a '$', and most class names have none: one indexOf decides those.
        int dollar = className.indexOf('$');
        while (dollar >= 0) {
            if (className.startsWith("$$", dollar)
                    || className.startsWith("$ByteBuddy$", dollar)
                    // Hibernate 5 and early 6 add a random suffix ($HibernateProxy$Ab12); 6.6 does not.
                    || className.startsWith("$HibernateProxy", dollar)
                    || className.startsWith("$MockitoMock$", dollar)) {
                return true;
            }
            dollar = className.indexOf('$', dollar + 1);
        }
        int simpleName = className.lastIndexOf('.') + 1;
        int afterProxy = simpleName + "$Proxy".length();
        return className.startsWith("$Proxy", simpleName)
                && afterProxy < className.length()
                && Character.isDigit(className.charAt(afterProxy));
    }

    /** Asked only of the rare frame of a class whose name says reflection (MAYBE_REFLECTIVE). */
    private static boolean isReflectiveInvoke(Object frame) {
        String methodName = methodName(frame);
        return "invoke".equals(methodName) || "invoke0".equals(methodName);
    }

    private static String methodName(Object frame) {
        return frame instanceof StackFrame stackFrame
                ? stackFrame.getMethodName() : ((StackTraceElement) frame).getMethodName();
    }

    static int frameworkOf(String className) {
        if (className.startsWith("org.")) {
            if (className.startsWith("org.hibernate.")) {
                if (className.startsWith("org.hibernate.collection.")) {
                    return HIBERNATE | HIBERNATE_LAZY_COLLECTION;
                }
                if (className.startsWith("org.hibernate.proxy.")) {
                    return HIBERNATE | HIBERNATE_PROXY;
                }
                return HIBERNATE;
            }
            if (className.startsWith("org.springframework.")) {
                if (className.startsWith("org.springframework.jdbc.")) {
                    return SPRING_JDBC;
                }
                return className.startsWith("org.springframework.data.") ? SPRING_DATA : 0;
            }
            if (className.startsWith("org.apache.ibatis.") || className.startsWith("org.mybatis.")) {
                return MYBATIS;
            }
            if (className.startsWith("org.jooq.")) {
                return JOOQ;
            }
            if (className.startsWith("org.eclipse.persistence.") || className.startsWith("org.apache.openjpa.")) {
                return JPA_OTHER;
            }
            return 0;
        }
        // The generated subclass of an entity: calling a getter on it initialises the proxy.
        return className.contains("$HibernateProxy") ? HIBERNATE | HIBERNATE_PROXY : 0;
    }

    private static CallSite toCallSite(Object frame) {
        if (frame instanceof StackFrame stackFrame) {
            String className = stackFrame.getClassName();
            String methodName = stackFrame.getMethodName();
            Frame key = new Frame(className, methodName, stackFrame.getByteCodeIndex());
            CallSite site = SITES.get(key);
            if (site == null) {
                site = new CallSite(className, methodName, stackFrame.getFileName(), stackFrame.getLineNumber());
                if (SITES.size() >= MAX_CACHED_SITES) {
                    SITES.clear(); // bounded: an application with more sites than this only loses the shortcut
                }
                SITES.put(key, site);
            }
            return site;
        }
        StackTraceElement element = (StackTraceElement) frame;
        return new CallSite(element.getClassName(), element.getMethodName(),
                element.getFileName(), element.getLineNumber());
    }

    /**
     * What a capture found.
     *
     * @param site       the innermost application frame, or null when the stack has none
     * @param stack      up to {@code maxStackFrames} application frames calling the site, innermost
     *                   first, not including the site
     * @param frameworks the framework flags ({@link #HIBERNATE} and the others) of the frames
     *                   between the JDBC call and the site; of all frames examined when there is
     *                   no site
     */
    public record Capture(CallSite site, List<CallSite> stack, int frameworks) {

        public Capture {
            stack = stack == null ? List.of() : List.copyOf(stack);
        }

        /** Whether any of the given flags was seen; {@code has(SPRING_JDBC | SPRING_DATA)} asks for either. */
        public boolean has(int flag) {
            return (frameworks & flag) != 0;
        }
    }
}
