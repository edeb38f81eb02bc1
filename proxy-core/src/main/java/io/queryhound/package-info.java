/**
 * QueryHound: finds the JDBC queries that cost an application its time. Start at {@link io.queryhound.QueryHound}.
 */
package io.queryhound;
