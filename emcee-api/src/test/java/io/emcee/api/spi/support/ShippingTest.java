package io.emcee.api.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.RowFunction;
import java.nio.charset.StandardCharsets;
import java.util.function.ToDoubleFunction;
import org.example.models.OutsideModel;
import org.junit.jupiter.api.Test;

class ShippingTest {

  @Test
  void aShippedLambdaComesBackAndWorks() {
    double[] data = {3, 4};
    LogProbability lp = x -> -x[0] * data[1];
    RowFunction back =
        Shipping.deserialize(
            Shipping.serialize(lp), Shipping.allowList(PoolSettings.empty()), "here");
    double[] out = new double[1];
    back.apply(new double[] {2}, out);
    assertEquals(-8, out[0]);
  }

  @Test
  void somethingThatCannotBeSerializedIsNamed() {
    Thread captured = Thread.currentThread();
    LogProbability lp = x -> captured.getId() * 0.0;
    PoolException e = assertThrows(PoolException.class, () -> Shipping.serialize(lp));
    assertEquals("EMCEE-P030", e.getCode());
    assertTrue(
        e.getMessage().contains("java.lang.Thread, which is not Serializable"), e.getMessage());
  }

  @Test
  void aCapturedLambdaOfAnUnserializableTypeGetsAdviceThatCanBeFollowed() {
    ToDoubleFunction<double[]> f = x -> -x[0] * x[0];
    LogProbability lp = x -> f.applyAsDouble(x);
    PoolException e = assertThrows(PoolException.class, () -> Shipping.serialize(lp));
    assertEquals("EMCEE-P030", e.getCode());
    String message = e.getMessage();
    assertTrue(message.contains("ShippingTest$$Lambda"), message);
    assertTrue(message.contains("a lambda literal converted to LogProbability"), message);
    assertTrue(message.contains("a reference to a static or top-level function"), message);
    assertTrue(message.contains("a class implementing LogProbability"), message);
    assertFalse(message.contains("Make that class implement"), message);
  }

  @Test
  void aClassOutsideTheAllowListIsRefusedWithTheSettingToChange() {
    byte[] bytes = Shipping.serialize(new OutsideModel());
    PoolException e =
        assertThrows(
            PoolException.class,
            () ->
                Shipping.deserialize(bytes, Shipping.allowList(PoolSettings.empty()), "member x"));
    assertEquals("EMCEE-P032", e.getCode());
    assertTrue(
        e.getMessage().contains("class org.example.models.OutsideModel is not on the"),
        e.getMessage());
    assertTrue(e.getMessage().contains("emcee.serialization.allow"), e.getMessage());
    assertTrue(
        e.getMessage().contains("-Demcee.serialization.allow=org.example.models "), e.getMessage());
    assertTrue(
        e.getMessage().contains("EMCEE_SERIALIZATION_ALLOW=org.example.models)"), e.getMessage());
    RowFunction allowed =
        Shipping.deserialize(
            bytes,
            Shipping.allowList(PoolSettings.empty().with(Shipping.ALLOW, "org.example")),
            "member x");
    assertTrue(allowed instanceof OutsideModel);
  }

  @Test
  void aClassMissingOnTheWorkerIsNamedWithTheFix() {
    byte[] bytes = Shipping.serialize(new OutsideModel());
    // Rename the class in the stream to one of the same length that does not exist.
    String from = "org.example.models.OutsideModel";
    String to = "org.example.models.MissingModel";
    String to2 = to + "X".repeat(from.length() - to.length());
    String stream = new String(bytes, StandardCharsets.ISO_8859_1).replace(from, to2);
    byte[] renamed = stream.getBytes(StandardCharsets.ISO_8859_1);
    PoolException e =
        assertThrows(
            PoolException.class,
            () ->
                Shipping.deserialize(
                    renamed,
                    Shipping.allowList(PoolSettings.empty().with(Shipping.ALLOW, "org.example")),
                    "member 127.0.0.1:5702"));
    assertEquals("EMCEE-P031", e.getCode());
    assertTrue(
        e.getMessage().contains(to2 + " is missing on member 127.0.0.1:5702"), e.getMessage());
    assertTrue(e.getMessage().contains("put the same jars on their class path"), e.getMessage());
  }
}
