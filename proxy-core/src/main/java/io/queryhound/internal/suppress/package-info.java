/**
 * Suppressions and baselines: findings judged acceptable ({@code suppress} settings, {@code @QueryHoundSuppress},
 * a test's {@code allowing}) and findings known before (the {@code baseline} file) are marked, never dropped, so
 * that only new findings fail tests and warn logs. See docs/suppressions.md. Internal: may change at any time.
 */
package io.queryhound.internal.suppress;
