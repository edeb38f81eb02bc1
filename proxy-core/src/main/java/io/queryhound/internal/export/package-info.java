/** Internal exporters (JSON lines, SLF4J, memory): not a public API, and it may change at any time. */
package io.queryhound.internal.export;
