/**
 * The agent jar's command line ({@code java -jar queryhound-agent.jar <command>}): reading back what
 * QueryHound wrote. {@link io.queryhound.agent.cli.Cli} is the only entry point; everything else is
 * package-private and may change at any time.
 */
package io.queryhound.agent.cli;
