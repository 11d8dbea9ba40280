/**
 * The standard slash-command bindings (their prompt texts and the workflows they start). <strong>Not public API</strong>: anything here may change in any release.
 */
package dev.rustagent.core.command.internal;
