/**
 * What is sampled: the model's evaluation and its failures, below the moves and the sampler so that
 * both can use it without a package cycle.
 */
@NullMarked
package io.emcee.core.model;

import org.jspecify.annotations.NullMarked;
