package io.queryhound.junit;

import io.queryhound.FindingType;
import io.queryhound.QueryHoundSuppress;
import io.queryhound.Scope;
import io.queryhound.internal.record.Recording;
import io.queryhound.internal.record.Recordings;
import io.queryhound.internal.suppress.Baseline;
import io.queryhound.internal.suppress.SuppressionRule;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JUnit 5 extension behind {@link ExpectQueries}, {@link MaxQueries}, {@link NoNPlusOne},
 * {@link NoRepeatedQueries}, {@link NoBatchableDml}, {@link SlowQueryBudget}, {@link NoFullTableScans},
 * {@link QueryScope} and {@link QueryHoundBaseline};
 * each of them registers it, so it is rarely named.
 *
 * <p>It records the queries of the test method's body (not of {@code @BeforeEach} methods, unless
 * {@link QueryScope#includeSetUp()}), on the test's thread only, so tests running in parallel never
 * see each other's queries. When the body returns, the expectations found on the method, its class
 * and the enclosing classes (the nearest of each kind wins) are checked, and a failure names every
 * counter that is off and every statement with its call site and a fix. A failing test body fails
 * with its own exception; expectations are then not checked.
 *
 * <p>Test templates ({@code @ParameterizedTest}, {@code @RepeatedTest}) and each dynamic test of a
 * {@code @TestFactory} are judged one invocation at a time. A factory's {@code @BeforeEach} methods
 * run once for the factory, not per dynamic test, so {@link QueryScope#includeSetUp()} does not
 * add them to its dynamic tests.
 *
 * <p>Findings judged acceptable fail nothing: those covered by {@link QueryHoundSuppress} on the test method,
 * its class or an enclosing class, by a {@code suppress} setting or an annotation in the code under test, and
 * those in the baseline of {@link QueryHoundBaseline} (or of the configuration parameter
 * {@value QueryHoundBaseline#CONFIGURATION_PARAMETER}). See docs/suppressions.md.
 *
 * <p>A test method parameter of type {@link Scope} receives the test's scope, whose
 * {@link Scope#executor executor} carries it to tasks run on other threads.
 */
public final class QueryHoundExtension implements InvocationInterceptor, ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(QueryHoundExtension.class);
    private static final String RECORDING = "recording";

    private static final String NO_STATEMENT_HINT = "No statement ran on the test's thread. If the code under test"
            + " runs its queries on other threads, annotate the test with @QueryScope(propagate = true) (threads it"
            + " starts) or submit the tasks through scope.executor(executor) with a Scope parameter.";

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        runTest(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext context) throws Throwable {
        runTest(invocation, context);
    }

    /** Each dynamic test of a {@code @TestFactory} is judged on its own, by the factory method's annotations. */
    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
                                     ExtensionContext context) throws Throwable {
        runTest(invocation, context);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
                                          ReflectiveInvocationContext<Method> invocationContext,
                                          ExtensionContext context) throws Throwable {
        Plan plan = plan(context);
        Recording[] previous = plan.includeSetUp ? Recordings.bind(recording(context, plan), true) : Recordings.bindNone();
        try {
            invocation.proceed();
        } finally {
            Recordings.restore(previous);
        }
    }

    // Set-up and tear-down count for no test: on a thread that inherited a propagating test's
    // recording (a worker created while it ran), another test's lifecycle methods must not count there.

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
                                         ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext context) throws Throwable {
        proceedUnrecorded(invocation);
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation,
                                         ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext context) throws Throwable {
        proceedUnrecorded(invocation);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation,
                                        ReflectiveInvocationContext<Method> invocationContext,
                                        ExtensionContext context) throws Throwable {
        proceedUnrecorded(invocation);
    }

    @Override
    public <T> T interceptTestClassConstructor(Invocation<T> invocation,
                                               ReflectiveInvocationContext<java.lang.reflect.Constructor<T>> invocationContext,
                                               ExtensionContext context) throws Throwable {
        return proceedUnrecorded(invocation);
    }

    private static <T> T proceedUnrecorded(Invocation<T> invocation) throws Throwable {
        Recording[] previous = Recordings.bindNone();
        try {
            return invocation.proceed();
        } finally {
            Recordings.restore(previous);
        }
    }

    private void runTest(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        Plan plan = plan(context);
        Recording recording = recording(context, plan);
        // Isolated: a thread that inherited another test's recording (a pool thread created while
        // that test ran) must not count this test's queries there.
        Recording[] previous = Recordings.bind(recording, true);
        QueryLog log;
        try {
            invocation.proceed();
        } finally {
            Recordings.restore(previous);
            log = recording.finish();
        }
        if (log != null) { // null only if the recording was discarded already: nothing left to judge
            log = QueryExpectations.accept(log, plan.allowed, baseline(context, plan));
            QueryExpectations.verify(log, plan.expectations, NO_STATEMENT_HINT);
        }
    }

    /**
     * The test's recording, made on first use. Keyed by the test's unique id because store lookups
     * also search the enclosing contexts: the dynamic tests of a factory, or a template's
     * invocations, must never find one another's.
     */
    private static Recording recording(ExtensionContext context, Plan plan) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(RECORDING + context.getUniqueId(),
                key -> new Held(new Recording(plan.name, plan.propagate)), Held.class).recording;
    }

    /**
     * A test that never reached its checks (its set-up failed or it was aborted) still ends its
     * recording: an open one would keep every query in the JVM paying for the recording path.
     * Also done by JUnit 5.13+ when it closes the store; this covers earlier versions.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        Held held = context.getStore(NAMESPACE).get(RECORDING + context.getUniqueId(), Held.class);
        if (held != null) {
            held.recording.discard();
        }
    }

    /** The store's value: closing it (JUnit 5.13+ closes stored AutoCloseables) discards the recording. */
    private record Held(Recording recording) implements AutoCloseable {
        @Override
        public void close() {
            recording.discard();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Scope.class && extensionContext.getTestMethod().isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (AnnotationSupport.isAnnotated(extensionContext.getRequiredTestMethod(), TestFactory.class)) {
            throw new ParameterResolutionException("A Scope parameter is not available on the @TestFactory method "
                    + extensionContext.getRequiredTestMethod().getName() + "(): its dynamic tests run after it returns,"
                    + " each with its own recording. Carry work to other threads with QueryHound.propagating(executor)"
                    + " inside the dynamic test instead.");
        }
        return recording(extensionContext, plan(extensionContext));
    }

    /** What one test expects, read from its annotations; bad use is reported as a configuration error. */
    private static Plan plan(ExtensionContext context) {
        ExtensionContext methodContext = context;
        while (methodContext.getTestMethod().isEmpty() && methodContext.getParent().isPresent()) {
            methodContext = methodContext.getParent().get(); // a dynamic test: its factory method
        }
        // One invocation of many (a template's invocation, a dynamic test) also shows its display name.
        boolean oneOfMany = methodContext != context
                || context.getParent().flatMap(ExtensionContext::getTestMethod).isPresent();
        Method method = methodContext.getRequiredTestMethod();
        String name = Recording.simpleName(methodContext.getRequiredTestClass().getName()) + "." + method.getName()
                + "()" + (oneOfMany ? " " + context.getDisplayName() : "");
        List<QueryExpectation> expectations = new ArrayList<>();
        Found<ExpectQueries> expect = find(context, ExpectQueries.class);
        if (expect != null) {
            ExpectQueries a = expect.annotation;
            int named = counts(expectations, expect, false, a.total(), a.select(), a.insert(), a.update(),
                    a.delete(), a.call(), a.other());
            if (named == 0 && !a.strict()) {
                throw new ExtensionConfigurationException("@ExpectQueries on " + expect.where + " names no counter:"
                        + " say what to expect, as in @ExpectQueries(select = 2, insert = 1), or use"
                        + " @ExpectQueries(strict = true) for a test that runs no query at all");
            }
            if (a.total() != ExpectQueries.UNCHECKED) {
                long kinds = 0;
                for (int value : new int[] {a.select(), a.insert(), a.update(), a.delete(), a.call(), a.other()}) {
                    kinds += value == ExpectQueries.UNCHECKED ? 0 : value;
                }
                if (kinds > a.total() || (a.strict() && kinds != a.total())) {
                    throw new ExtensionConfigurationException("@ExpectQueries(total = " + a.total() + ") on "
                            + expect.where + " can never pass: the kinds it names add up to " + kinds
                            + (a.strict() ? " and strict = true makes every other kind 0" : "")
                            + "; make the counts agree, or leave total out");
                }
            }
            if (a.strict()) {
                expectations.add(QueryExpectation.noOtherQueries());
            }
        }
        Found<MaxQueries> max = find(context, MaxQueries.class);
        if (max != null) {
            MaxQueries a = max.annotation;
            int named = counts(expectations, max, true, a.total(), a.select(), a.insert(), a.update(),
                    a.delete(), a.call(), a.other());
            if (named == 0) {
                throw new ExtensionConfigurationException("@MaxQueries on " + max.where + " names no counter:"
                        + " say what the limit is, as in @MaxQueries(total = 5) or @MaxQueries(select = 3)");
            }
        }
        Found<NoNPlusOne> noNPlusOne = find(context, NoNPlusOne.class);
        if (noNPlusOne != null) {
            expectations.add(threshold(noNPlusOne, noNPlusOne.annotation.threshold(), true));
        }
        if (find(context, NoRepeatedQueries.class) != null) {
            expectations.add(QueryExpectation.noRepeatedQueries());
        }
        Found<NoBatchableDml> noBatchable = find(context, NoBatchableDml.class);
        if (noBatchable != null) {
            expectations.add(threshold(noBatchable, noBatchable.annotation.threshold(), false));
        }
        Found<SlowQueryBudget> slow = find(context, SlowQueryBudget.class);
        if (slow != null) {
            if (slow.annotation.millis() <= 0) {
                throw new ExtensionConfigurationException("@SlowQueryBudget(millis = " + slow.annotation.millis()
                        + ") on " + slow.where + ": the budget must be at least 1 ms");
            }
            expectations.add(QueryExpectation.noQuerySlowerThan(slow.annotation.millis()));
        }
        Found<NoFullTableScans> fullScans = find(context, NoFullTableScans.class);
        if (fullScans != null) {
            if (fullScans.annotation.minRows() < 0) {
                throw new ExtensionConfigurationException("@NoFullTableScans(minRows = " + fullScans.annotation.minRows()
                        + ") on " + fullScans.where + ": minRows must be 0 or more");
            }
            expectations.add(QueryExpectation.noFullTableScans(fullScans.annotation.minRows()));
        }
        Found<QueryScope> scope = find(context, QueryScope.class);
        boolean propagate = scope != null && scope.annotation.propagate();
        boolean includeSetUp = scope != null && scope.annotation.includeSetUp();
        Found<QueryHoundBaseline> baseline = find(context, QueryHoundBaseline.class);
        String baselineFile = null;
        if (baseline != null) {
            if (baseline.annotation.value().isBlank()) {
                throw new ExtensionConfigurationException("@QueryHoundBaseline on " + baseline.where + " names no file:"
                        + " give the baseline written by java -jar queryhound-agent.jar baseline write, as in"
                        + " @QueryHoundBaseline(\"queryhound-baseline.json\")");
            }
            baselineFile = baseline.annotation.value();
            for (FindingType type : baseline.annotation.failOn()) {
                expectations.add(QueryExpectation.noFinding(type));
            }
        } else {
            baselineFile = context.getConfigurationParameter(QueryHoundBaseline.CONFIGURATION_PARAMETER)
                    .filter(value -> !value.isBlank() && !value.trim().equalsIgnoreCase(Baseline.NONE_SETTING))
                    .orElse(null);
        }
        return new Plan(name, expectations, propagate, includeSetUp, allowed(context), baselineFile);
    }

    /**
     * {@code @QueryHoundSuppress} on the test method, its class and the enclosing classes: every one applies, to the
     * whole test. A blank reason fails the test as a configuration error naming the annotated method or class.
     */
    private static List<SuppressionRule> allowed(ExtensionContext context) {
        List<SuppressionRule> rules = new ArrayList<>();
        for (ExtensionContext current = context; current != null; current = current.getParent().orElse(null)) {
            Optional<AnnotatedElement> element = current.getElement();
            if (element.isEmpty()) {
                continue;
            }
            Optional<QueryHoundSuppress> annotation = AnnotationSupport.findAnnotation(element.get(),
                    QueryHoundSuppress.class);
            if (annotation.isEmpty()) {
                continue;
            }
            String where = "@QueryHoundSuppress on " + describe(element.get());
            String reason = annotation.get().reason();
            if (reason == null || reason.isBlank()) {
                throw new ExtensionConfigurationException(where + " has no reason: say why these findings are"
                        + " acceptable, as in @QueryHoundSuppress(value = N_PLUS_ONE, reason = \"a dozen regions at"
                        + " most\")");
            }
            for (FindingType type : annotation.get().value()) {
                rules.add(SuppressionRule.of(type, null, reason.trim(), where));
            }
        }
        return rules;
    }

    /** The plan's baseline, read once per file for the whole test run (kept in the root store). */
    private static Baseline baseline(ExtensionContext context, Plan plan) {
        if (plan.baselineFile == null) {
            return Baseline.NONE;
        }
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("baseline:" + plan.baselineFile,
                file -> Baseline.read(plan.baselineFile, "JUnit, test " + plan.name), Baseline.class);
    }

    private static final String[] COUNTER_ATTRIBUTES = {"total", "select", "insert", "update", "delete", "call", "other"};

    /** Adds one expectation per counter set in an annotation; returns how many were set. */
    private static int counts(List<QueryExpectation> expectations, Found<?> found, boolean atMost,
                              int... values) {
        int named = 0;
        QueryCounter[] counters = QueryCounter.values();
        for (int i = 0; i < values.length; i++) {
            int value = values[i];
            if (value == ExpectQueries.UNCHECKED) {
                continue;
            }
            if (value < 0) {
                throw new ExtensionConfigurationException("@" + found.annotation.annotationType().getSimpleName() + "("
                        + COUNTER_ATTRIBUTES[i] + " = " + value + ") on " + found.where
                        + ": a query count must be 0 or more");
            }
            named++;
            expectations.add(atMost ? QueryExpectation.atMost(counters[i], value)
                    : QueryExpectation.exactly(counters[i], value));
        }
        return named;
    }

    private static QueryExpectation threshold(Found<?> found, int threshold, boolean nPlusOne) {
        if (threshold < 2) {
            throw new ExtensionConfigurationException("@" + found.annotation.annotationType().getSimpleName()
                    + "(threshold = " + threshold + ") on " + found.where + ": the threshold must be 2 or more"
                    + " (a loop is at least two executions from one line)");
        }
        return nPlusOne ? QueryExpectation.noNPlusOne(threshold) : QueryExpectation.noBatchableDml(threshold);
    }

    /**
     * The nearest annotation of {@code type}: on the test method, else on its class (or a superclass,
     * or as a meta-annotation), else on an enclosing class of a {@code @Nested} test.
     */
    private static <A extends Annotation> Found<A> find(ExtensionContext context, Class<A> type) {
        for (ExtensionContext current = context; current != null; current = current.getParent().orElse(null)) {
            Optional<AnnotatedElement> element = current.getElement();
            if (element.isEmpty()) {
                continue;
            }
            Optional<A> annotation = AnnotationSupport.findAnnotation(element.get(), type);
            if (annotation.isPresent()) {
                return new Found<>(annotation.get(), describe(element.get()));
            }
        }
        return null;
    }

    private static String describe(AnnotatedElement element) {
        if (element instanceof Method method) {
            return Recording.simpleName(method.getDeclaringClass().getName()) + "." + method.getName() + "()";
        }
        if (element instanceof Class<?> type) {
            return Recording.simpleName(type.getName());
        }
        return element.toString();
    }

    private record Found<A extends Annotation>(A annotation, String where) {
    }

    private record Plan(String name, List<QueryExpectation> expectations, boolean propagate, boolean includeSetUp,
                        List<SuppressionRule> allowed, String baselineFile) {
    }
}
