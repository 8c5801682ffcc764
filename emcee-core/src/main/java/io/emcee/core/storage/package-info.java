/**
 * Where the chain goes: backends that store every step's coordinates, log-probabilities and blobs.
 */
@NullMarked
package io.emcee.core.storage;

import org.jspecify.annotations.NullMarked;
