/**
 * The service-provider interface that pool backends implement and register with {@link
 * java.util.ServiceLoader}.
 */
@NullMarked
package io.emcee.api.spi;

import org.jspecify.annotations.NullMarked;
