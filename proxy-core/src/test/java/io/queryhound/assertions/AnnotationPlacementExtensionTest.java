package io.queryhound.assertions;

import io.queryhound.Scope;
import io.queryhound.junit.ExpectQueries;
import io.queryhound.junit.MaxQueries;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import javax.sql.DataSource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.queryhound.assertions.ExtensionFixtures.assertPassed;
import static io.queryhound.assertions.ExtensionFixtures.database;
import static io.queryhound.assertions.ExtensionFixtures.failedRow;
import static io.queryhound.assertions.ExtensionFixtures.failure;
import static io.queryhound.assertions.ExtensionFixtures.finished;
import static io.queryhound.assertions.ExtensionFixtures.passedRow;
import static io.queryhound.assertions.ExtensionFixtures.query;
import static io.queryhound.assertions.ExtensionFixtures.result;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static io.queryhound.assertions.ExtensionFixtures.table;
import static io.queryhound.assertions.ExtensionFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the annotations may sit: on the class (every method), on the method (replacing the class's
 * of the same type), on an enclosing class of a {@code @Nested} test (the nearest wins), on a
 * superclass, in a meta-annotation; and on {@code @RepeatedTest} and {@code @ParameterizedTest}.
 */
class AnnotationPlacementExtensionTest {

    static final DataSource DB = database(
            "create table item(id int, name varchar(50))",
            "insert into item values (1, 'a'), (2, 'b'), (3, 'c')");

    static void selects(int n) {
        for (int i = 1; i <= n; i++) {
            query(DB, "select name from item where id = ?", i);
        }
    }

    static void inserts(int n) {
        for (int i = 1; i <= n; i++) {
            update(DB, "insert into item values (?, ?)", 100 + i, "x");
        }
    }

    private static EngineExecutionResults classLevel;
    private static EngineExecutionResults combined;
    private static EngineExecutionResults nested;
    private static EngineExecutionResults inherited;
    private static EngineExecutionResults meta;
    private static EngineExecutionResults templates;

    @BeforeAll
    static void runFixtures() {
        classLevel = run(ClassLevel.class);
        combined = run(Combined.class);
        nested = run(Outer.class);
        inherited = run(Inherited.class);
        meta = run(Meta.class);
        templates = run(Templates.class);
    }

    @Test
    void everyFixtureTestRan() {
        classLevel.testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
        combined.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        nested.testEvents().assertStatistics(stats -> stats.started(6).succeeded(4).failed(2));
        inherited.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        meta.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        templates.testEvents().assertStatistics(stats -> stats.started(9).succeeded(2).failed(7));
    }

    // ------------------------------------------------------------------ class and method

    @Test
    void aClassLevelAnnotationAppliesToEveryMethod() {
        assertPassed(classLevel, "oneSelect");
        assertThat(failure(classLevel, "twoSelects").getMessage())
                .startsWith("Query expectations failed in AnnotationPlacementExtensionTest.ClassLevel.twoSelects()\n")
                .containsPattern(failedRow("select", "1", 2));
    }

    @Test
    void aMethodLevelAnnotationReplacesTheClassLevelOneOfTheSameType() {
        // The class says select = 1; the method's insert = 1 replaces it: three selects are fine.
        assertPassed(classLevel, "methodReplacesClass");
        String message = failure(classLevel, "methodReplacesClassFailing").getMessage();
        assertThat(message).containsPattern(failedRow("insert", "1", 2));
        assertThat(table(message)).doesNotContainPattern("(?m)^ +select ");
    }

    @Test
    void annotationsOfDifferentTypesOnClassAndMethodBothApply() {
        assertPassed(combined, "bothHold");
        String message = failure(combined, "classLimitStillApplies").getMessage();
        assertThat(message)
                .containsPattern(passedRow("select", "3", 3))
                .containsPattern(failedRow("total", "<= 2", 3));
    }

    // ------------------------------------------------------------------ @Nested

    @Test
    void anOuterClassAnnotationAppliesToNestedTests() {
        assertPassed(nested, "outerTest", "inheritsOuter", "twoLevelsDown");
        Throwable thrown = failure(nested, "inheritsOuterFailing");
        assertThat(thrown).isInstanceOf(QueryExpectationError.class);
        assertThat(thrown.getMessage())
                .startsWith("Query expectations failed in"
                        + " AnnotationPlacementExtensionTest.Outer.Inner.inheritsOuterFailing()\n")
                .containsPattern(failedRow("select", "2", 3));
    }

    @Test
    void aNestedClassOwnAnnotationWinsOverTheOuterOne() {
        assertPassed(nested, "ownWins");
        assertThat(failure(nested, "ownWinsFailing").getMessage())
                .startsWith("Query expectations failed in"
                        + " AnnotationPlacementExtensionTest.Outer.InnerOwn.ownWinsFailing()\n")
                .containsPattern(failedRow("select", "1", 2));
    }

    // ------------------------------------------------------------------ superclass, meta-annotation

    @Test
    void anAnnotationOnASuperclassIsInherited() {
        assertPassed(inherited, "asTheSuperclassSays");
        assertThat(failure(inherited, "moreThanTheSuperclassSays").getMessage())
                .containsPattern(failedRow("select", "1", 2));
    }

    @Test
    void aMetaAnnotationWorksLikeTheAnnotation() {
        assertPassed(meta, "metaPasses");
        assertThat(failure(meta, "metaFails").getMessage())
                .containsPattern(passedRow("select", "1", 1))
                .containsPattern(failedRow("insert", "1", 0));
    }

    // ------------------------------------------------------------------ templates

    @Test
    void eachRepetitionIsCheckedOnItsOwnAndNamedWithItsDisplayName() {
        Map<String, Event> byName = byDisplayName(finished(templates, "repeated"));
        assertThat(byName).containsOnlyKeys("repetition 1 of 2", "repetition 2 of 2");
        assertThat(result(byName.get("repetition 1 of 2")).getStatus()).isEqualTo(
                org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL);
        assertThat(failure(byName.get("repetition 2 of 2"), "repeated").getMessage())
                .startsWith("Query expectations failed in"
                        + " AnnotationPlacementExtensionTest.Templates.repeated() repetition 2 of 2\n")
                .containsPattern(failedRow("select", "1", 2))
                .contains("Statements by fingerprint (2 statements, 1 fingerprint, ");
    }

    @Test
    void eachParameterSetIsCheckedOnItsOwnAndNamedWithItsDisplayName() {
        Map<String, Event> byName = byDisplayName(finished(templates, "parameterized"));
        assertThat(byName).containsOnlyKeys("n=1", "n=2", "n=3");
        assertThat(result(byName.get("n=2")).getStatus()).isEqualTo(
                org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL);
        assertThat(failure(byName.get("n=1"), "parameterized").getMessage())
                .startsWith("Query expectations failed in AnnotationPlacementExtensionTest.Templates.parameterized() n=1\n")
                .containsPattern(failedRow("select", "2", 1));
        assertThat(failure(byName.get("n=3"), "parameterized").getMessage())
                .startsWith("Query expectations failed in AnnotationPlacementExtensionTest.Templates.parameterized() n=3\n")
                .containsPattern(failedRow("select", "2", 3));
    }

    /** The name must not depend on whether the recording was opened for a {@code @BeforeEach} method first. */
    @Test
    void aRepetitionThatIncludesSetUpIsNamedWithItsDisplayNameToo() {
        Map<String, Event> byName = byDisplayName(finished(templates, "repeatedWithSetUp"));
        assertThat(byName).containsOnlyKeys("repetition 1 of 2", "repetition 2 of 2");
        assertThat(failure(byName.get("repetition 1 of 2"), "repeatedWithSetUp").getMessage())
                .startsWith("Query expectations failed in"
                        + " AnnotationPlacementExtensionTest.Templates.repeatedWithSetUp() repetition 1 of 2\n")
                .containsPattern(failedRow("select", "0", 2));
    }

    /** Nor on whether the recording was made to resolve a {@code Scope} parameter first. */
    @Test
    void aRepetitionWithAScopeParameterIsNamedWithItsDisplayNameToo() {
        Map<String, Event> byName = byDisplayName(finished(templates, "repeatedWithScope"));
        assertThat(byName).containsOnlyKeys("repetition 1 of 2", "repetition 2 of 2");
        assertThat(failure(byName.get("repetition 2 of 2"), "repeatedWithScope").getMessage())
                .startsWith("Query expectations failed in"
                        + " AnnotationPlacementExtensionTest.Templates.repeatedWithScope() repetition 2 of 2\n")
                .containsPattern(failedRow("select", "0", 1));
    }

    /** Each dynamic test of a {@code @TestFactory} is judged on its own, by the factory method's annotations. */
    @Test
    void eachDynamicTestIsCheckedOnItsOwnAndNamedWithItsDisplayName() {
        EngineExecutionResults factory = run(Factory.class);
        Map<String, Event> byName = byDisplayName(factory.testEvents().finished().list());
        assertThat(byName).containsOnlyKeys("one select", "two selects");
        assertThat(result(byName.get("one select")).getStatus()).isEqualTo(
                org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL);
        Throwable thrown = failure(byName.get("two selects"), "two selects");
        assertThat(thrown).isExactlyInstanceOf(QueryExpectationError.class);
        assertThat(thrown.getMessage())
                .startsWith("Query expectations failed in AnnotationPlacementExtensionTest.Factory.dynamic() two selects\n")
                .containsPattern(failedRow("select", "1", 2))
                .contains("Statements by fingerprint (2 statements, 1 fingerprint, ");
    }

    /**
     * A {@code Scope} parameter on a factory method would be a recording no dynamic test uses (they
     * run after the factory returns, each with its own): it is refused with an explanation rather
     * than silently judging nothing.
     */
    @Test
    void aScopeParameterOnATestFactoryIsRefusedWithAnExplanation() {
        EngineExecutionResults factory = run(FactoryWithScope.class);
        List<Throwable> failures = factory.allEvents().failed().list().stream()
                .map(event -> result(event).getThrowable().orElseThrow())
                .toList();
        assertThat(failures).singleElement()
                .isInstanceOf(org.junit.jupiter.api.extension.ParameterResolutionException.class)
                .extracting(Throwable::getMessage).asString()
                .contains("not available on the @TestFactory method withScope()")
                .contains("QueryHound.propagating(executor)");
        assertThat(factory.testEvents().started().count()).as("no dynamic test ran").isZero();
    }

    /** Nor must a {@code @BeforeEach} recorded with {@code includeSetUp}: a dynamic test running 2 SELECTs under select = 1 fails. */
    @Test
    void includeSetUpOnATestFactoryDoesNotMergeItsDynamicTests() {
        EngineExecutionResults factory = run(FactoryWithSetUp.class);
        Map<String, Event> byName = byDisplayName(factory.testEvents().finished().list());
        assertThat(byName).containsOnlyKeys("none", "two");
        assertThat(result(byName.get("two")).getStatus())
                .as("the dynamic test that ran 2 SELECTs under @ExpectQueries(select = 1)")
                .isEqualTo(org.junit.platform.engine.TestExecutionResult.Status.FAILED);
    }

    private static Map<String, Event> byDisplayName(List<Event> events) {
        Map<String, Event> map = new TreeMap<>();
        for (Event event : events) {
            assertThat(map.put(event.getTestDescriptor().getDisplayName(), event)).isNull();
        }
        return map;
    }

    // ------------------------------------------------------------------ fixtures

    @ExpectQueries(select = 1)
    static class ClassLevel {
        @Test
        void oneSelect() {
            selects(1);
        }

        @Test
        void twoSelects() {
            selects(2);
        }

        @Test
        @ExpectQueries(insert = 1)
        void methodReplacesClass() {
            selects(3);
            inserts(1);
        }

        @Test
        @ExpectQueries(insert = 1)
        void methodReplacesClassFailing() {
            selects(1);
            inserts(2);
        }
    }

    @MaxQueries(total = 2)
    static class Combined {
        @Test
        @ExpectQueries(select = 2)
        void bothHold() {
            selects(2);
        }

        @Test
        @ExpectQueries(select = 3)
        void classLimitStillApplies() {
            selects(3);
        }
    }

    @ExpectQueries(select = 2)
    static class Outer {
        @Test
        void outerTest() {
            selects(2);
        }

        @Nested
        class Inner {
            @Test
            void inheritsOuter() {
                selects(2);
            }

            @Test
            void inheritsOuterFailing() {
                selects(3);
            }

            @Nested
            class Deeper {
                @Test
                void twoLevelsDown() {
                    selects(2);
                }
            }
        }

        @Nested
        @ExpectQueries(select = 1)
        class InnerOwn {
            @Test
            void ownWins() {
                selects(1);
            }

            @Test
            void ownWinsFailing() {
                selects(2);
            }
        }
    }

    @ExpectQueries(select = 1)
    abstract static class AnnotatedBase {
    }

    static class Inherited extends AnnotatedBase {
        @Test
        void asTheSuperclassSays() {
            selects(1);
        }

        @Test
        void moreThanTheSuperclassSays() {
            selects(2);
        }
    }

    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @ExpectQueries(select = 1, insert = 1)
    @interface OneSelectOneInsert {
    }

    static class Meta {
        @Test
        @OneSelectOneInsert
        void metaPasses() {
            selects(1);
            inserts(1);
        }

        @Test
        @OneSelectOneInsert
        void metaFails() {
            selects(1);
        }
    }

    static class Factory {
        @TestFactory
        @ExpectQueries(select = 1)
        List<DynamicTest> dynamic() {
            return List.of(
                    DynamicTest.dynamicTest("one select", () -> selects(1)),
                    DynamicTest.dynamicTest("two selects", () -> selects(2)));
        }
    }

    static class FactoryWithScope {
        @TestFactory
        @ExpectQueries(select = 1)
        List<DynamicTest> withScope(Scope scope) {
            assertThat(scope).isNotNull();
            return List.of(
                    DynamicTest.dynamicTest("a", () -> selects(1)),
                    DynamicTest.dynamicTest("b", () -> selects(2)));
        }
    }

    static class FactoryWithSetUp {
        @BeforeEach
        void setUp() {
            query(DB, "select name from item where id = ?", 3);
        }

        @TestFactory
        @QueryScope(includeSetUp = true)
        @ExpectQueries(select = 1)
        List<DynamicTest> dynamic() {
            return List.of(
                    DynamicTest.dynamicTest("none", () -> { }),
                    DynamicTest.dynamicTest("two", () -> selects(2)));
        }
    }

    static class Templates {
        @BeforeEach
        void setUp() {
            query(DB, "select name from item where id = ?", 1);
        }

        @RepeatedTest(2)
        @ExpectQueries(select = 1)
        void repeated(RepetitionInfo repetition) {
            selects(repetition.getCurrentRepetition());
        }

        @ParameterizedTest(name = "n={0}")
        @ValueSource(ints = {1, 2, 3})
        @ExpectQueries(select = 2)
        void parameterized(int n) {
            selects(n);
        }

        /** Both repetitions fail: the set-up's SELECT and the body's. */
        @RepeatedTest(2)
        @QueryScope(includeSetUp = true)
        @ExpectQueries(select = 0)
        void repeatedWithSetUp() {
            selects(1);
        }

        /** Both repetitions fail. */
        @RepeatedTest(2)
        @ExpectQueries(select = 0)
        void repeatedWithScope(Scope scope) {
            assertThat(scope.isClosed()).isFalse();
            selects(1);
        }
    }
}
