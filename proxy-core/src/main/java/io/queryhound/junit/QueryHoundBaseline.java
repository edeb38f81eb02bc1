package io.queryhound.junit;

import io.queryhound.FindingType;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adopts QueryHound on a test suite that already has known problems: findings present in the baseline file (written
 * by {@code java -jar queryhound-agent.jar baseline write qh.jsonl > queryhound-baseline.json}) are marked
 * baselined and fail nothing; a finding of a {@link #failOn()} type that is not in it fails the test. The other
 * QueryHound annotations on the test ({@link NoNPlusOne}, {@link NoBatchableDml}, ...) then also fail only on new
 * findings.
 *
 * <pre>{@code
 * @QueryHoundBaseline("src/test/resources/queryhound-baseline.json")
 * class OrderServiceTest { ... }
 * }</pre>
 *
 * Without the annotation, the JUnit configuration parameter {@code queryhound.baseline} (in
 * {@code junit-platform.properties}) names a baseline for every test the extension runs, with no {@code failOn}
 * checks of its own. A relative path is read from the working directory (the module's directory under Maven and
 * Gradle). A file that is missing or malformed is reported once on stderr and ignored: every finding then counts as
 * new. See docs/suppressions.md.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(QueryHoundExtension.class)
public @interface QueryHoundBaseline {

    /** The JUnit configuration parameter that names a baseline for every test the extension runs. */
    String CONFIGURATION_PARAMETER = "queryhound.baseline";

    /** The baseline file. */
    String value();

    /** The finding types that fail the test when they are not in the baseline (loops judged at the test threshold of 2). */
    FindingType[] failOn() default {FindingType.N_PLUS_ONE};
}
