/**
 * The {@code emcee} command line: {@link io.emcee.cli.Main} and its sub-commands ({@code demo},
 * {@code fit-line}, {@code inspect}, {@code export}).
 */
@NullMarked
package io.emcee.cli;

import org.jspecify.annotations.NullMarked;
