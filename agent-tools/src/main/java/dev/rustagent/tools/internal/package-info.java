/**
 * Implementation details of the tool SPI. Not public API: anything here may change without notice.
 */
package dev.rustagent.tools.internal;
