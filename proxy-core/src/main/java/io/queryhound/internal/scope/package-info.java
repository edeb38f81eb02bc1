/** Scopes: units of work bound to threads, and the implicit per-thread scope. Internal: may change at any time. */
package io.queryhound.internal.scope;
