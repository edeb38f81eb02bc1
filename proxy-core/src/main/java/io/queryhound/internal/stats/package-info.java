/** Internal per-statement latency statistics: not a public API, and it may change at any time. */
package io.queryhound.internal.stats;
