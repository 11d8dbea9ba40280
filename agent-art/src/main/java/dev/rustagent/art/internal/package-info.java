/**
 * Implementation of the ART module: stores, JSON codec, text similarity and prompt building. Not
 * public API: anything here may change without notice.
 */
package dev.rustagent.art.internal;
