/**
 * The contract every pool backend passes, as abstract JUnit 5 tests for a backend's own test to
 * extend ({@link io.emcee.testkit.PoolContract}), and what those tests measure ({@link
 * io.emcee.testkit.ListeningSockets}).
 */
@NullMarked
package io.emcee.testkit;

import org.jspecify.annotations.NullMarked;
