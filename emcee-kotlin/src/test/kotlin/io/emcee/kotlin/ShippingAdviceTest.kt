package io.emcee.kotlin

import io.emcee.api.LogProbability
import io.emcee.api.PoolException
import io.emcee.api.spi.support.Shipping
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** What a distributed pool says about a Kotlin function value it cannot send. */
class ShippingAdviceTest {

    @Test
    fun aKotlinFunctionValueIsRefusedWithWhatToWriteInstead() {
        val f: (DoubleArray) -> Double = { x -> -0.5 * x.sumOf { it * it } }
        val e = assertThrows<PoolException> { Shipping.serialize(LogProbability { f(it) }) }
        assertEquals("EMCEE-P030", e.code)
        val message = e.message!!
        assertTrue(message.contains("\$\$Lambda"), message)
        assertTrue(message.contains("a lambda literal converted to LogProbability"), message)
        assertTrue(message.contains("LogProbability { x -> ... }"), message)
        assertTrue(message.contains("::logProb"), message)
        assertTrue(message.contains("a class implementing LogProbability"), message)
        assertFalse(message.contains("Make that class implement"), message)
        // Each thing the message offers does travel.
        Shipping.serialize(LogProbability { x -> -0.5 * x.sumOf { it * it } })
        Shipping.serialize(LogProbability(::gaussian))
        Shipping.serialize(ensemble(normalStart(4, 1)) { x -> gaussian(x) }.function)
    }
}
