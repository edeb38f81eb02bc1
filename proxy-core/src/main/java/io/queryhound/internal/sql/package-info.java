/** Internal SQL fingerprinting (lexer, template writer, cache): not a public API, and it may change at any time. */
package io.queryhound.internal.sql;
