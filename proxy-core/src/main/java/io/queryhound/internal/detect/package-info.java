/** Scopes' query tallies, the detectors that turn them into findings, and call-site capture. Internal: may change at any time. */
package io.queryhound.internal.detect;
