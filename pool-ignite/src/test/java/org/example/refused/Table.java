package org.example.refused;

import java.io.Serializable;

/** Data a model captures, in a package no node's deserialization allow-list names. */
public final class Table implements Serializable {
  private static final long serialVersionUID = 1L;
  private final double[] values = {1, 2, 3};

  /** The scale the model uses. */
  public double scale() {
    return values[0];
  }
}
