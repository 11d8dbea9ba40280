/**
 * Implementation details of the built-in tools. Not public API: anything here may change without notice.
 */
package dev.rustagent.tools.internal;
