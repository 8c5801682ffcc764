package io.emcee.it;

import io.emcee.core.Sampler;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 over a chain's coordinates, log-probabilities and acceptance: equal chains, equal
 * digests.
 */
final class ChainDigest {
  private ChainDigest() {}

  static String of(Sampler sampler) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer b = ByteBuffer.allocate(8);
      for (double[][] step : sampler.getCoords()) {
        for (double[] walker : step) {
          for (double v : walker) {
            md.update(b.clear().putDouble(v).array());
          }
        }
      }
      for (double[] step : sampler.getLogProbability()) {
        for (double v : step) {
          md.update(b.clear().putDouble(v).array());
        }
      }
      for (double v : sampler.getAcceptanceFraction()) {
        md.update(b.clear().putDouble(v).array());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
