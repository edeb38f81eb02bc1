/** Internal capture front end of library mode (datasource-proxy listener, row counting, per-thread state shared with the agent): not a public API, and it may change at any time. */
package io.queryhound.internal.capture;
