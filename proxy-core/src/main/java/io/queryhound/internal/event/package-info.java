/** Internal event model and recorder: not a public API, and it may change at any time. */
package io.queryhound.internal.event;
