/** Test recordings: which threads feed which test's query log. Internal; may change at any time. */
package io.queryhound.internal.record;
