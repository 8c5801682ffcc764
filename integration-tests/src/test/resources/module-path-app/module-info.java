/** A program on the module path, as a user writes one: it requires the sampler only. */
module org.example {
  requires io.emcee.core;
}
