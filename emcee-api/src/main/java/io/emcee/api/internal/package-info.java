/** Implementation details of the pool API: selection and the built-in serial pool. Not exported. */
@NullMarked
package io.emcee.api.internal;

import org.jspecify.annotations.NullMarked;
