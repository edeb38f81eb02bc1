/** Internal settings resolution and diagnostics: not a public API, and it may change at any time. */
package io.queryhound.internal.config;
