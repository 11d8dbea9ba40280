/**
 * Implementation helpers shared by agent-core's packages: the module's one JSON mapper and its one
 * daemon-thread factory. <strong>Not public API</strong>: anything here may change in any release.
 */
package dev.rustagent.core.internal;
