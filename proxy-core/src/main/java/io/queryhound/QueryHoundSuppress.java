package io.queryhound;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks findings of the given types as judged acceptable when the annotated method (or any method of the
 * annotated class) is among a finding's application frames: its call site or the callers above it, up to
 * {@code callSiteFrames}. A suppressed finding is still counted and written once, with {@code "suppressed": true}
 * and the reason, so nothing disappears silently; it fails no test and is no warning in the logs.
 *
 * <pre>{@code
 * @QueryHoundSuppress(value = FindingType.N_PLUS_ONE,
 *                     reason = "at most 12 regions; a join would make the report query slower")
 * List<RegionTotal> regionTotals() { ... }
 * }</pre>
 *
 * Works with the agent (which matches the annotation by name, whichever class loader loaded it) and in library
 * mode; on a test method or class it also lets the JUnit annotations pass. A blank reason is reported once, naming
 * the annotated method or class, and the annotation is ignored. See docs/suppressions.md.
 */
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface QueryHoundSuppress {

    /** The finding types to suppress. */
    FindingType[] value();

    /** Why these findings are acceptable here; required, and written with every finding it suppresses. */
    String reason();
}
