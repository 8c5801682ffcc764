/**
 * Where the chain goes: backends that store every step's coordinates, log-probabilities and blobs.
 *
 * <p>The chain file is built in parts: {@code ChainFormat} encodes and decodes the format (header
 * and blocks, side by side); {@code ChainScan} reads a file block by block and judges what follows
 * the last good one; {@code BlockIndex} and {@code WriteBuffer} are the read side (where blocks
 * are, the last one read) and the write side (buffered steps, flush policy); {@code ChainFile} is
 * the open file with its lock ({@code ChainLocks}); {@code ChainRecovery} cuts a damaged file,
 * keeping what it cuts; {@link io.emcee.core.storage.FileBackend} orchestrates them. A new storage
 * format is a new {@link io.emcee.core.storage.ChainBackend}; a new export writes through {@link
 * io.emcee.core.storage.AtomicExport}.
 */
@NullMarked
package io.emcee.core.storage;

import org.jspecify.annotations.NullMarked;
