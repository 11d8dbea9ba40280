/**
 * The quality evaluator the orchestrator uses to measure answers, compile rate and test pass rate. <strong>Not public API</strong>: anything here may change in any release.
 */
package dev.rustagent.core.orchestrator.internal;
