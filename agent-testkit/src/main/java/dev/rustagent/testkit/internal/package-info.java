/**
 * Helpers of the testkit itself, such as installing pinned npm packages for tests. <strong>Not public API</strong>: anything here may change in any release.
 */
package dev.rustagent.testkit.internal;
