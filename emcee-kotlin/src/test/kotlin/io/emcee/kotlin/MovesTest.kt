package io.emcee.kotlin

import io.emcee.api.EmceeException
import io.emcee.core.moves.DEMove
import io.emcee.core.moves.DESnookerMove
import io.emcee.core.moves.RedBlueOptions
import io.emcee.core.moves.StretchMove
import io.emcee.core.moves.WalkMove
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Test

/** The move functions are the Java constructors with emcee's keyword names and defaults. */
class MovesTest {
    @Test
    fun defaultsAreTheJavaDefaults() {
        assertEquals(StretchMove().describe(), stretchMove().describe())
        assertEquals(WalkMove().describe(), walkMove().describe())
        assertEquals(DEMove().describe(), deMove().describe())
        assertEquals(DESnookerMove().describe(), deSnookerMove().describe())
    }

    @Test
    fun onlyWhatDiffersIsWritten() {
        assertEquals(
            DEMove(1e-5, 0.5, RedBlueOptions.DEFAULT).describe(),
            deMove(gamma0 = 0.5).describe(),
        )
        assertEquals(
            StretchMove(3.0, RedBlueOptions(4, true, false))
                .describe(),
            stretchMove(a = 3.0, nsplits = 4).describe(),
        )
        assertEquals(WalkMove(3).describe(), walkMove(s = 3).describe())
        assertEquals(DESnookerMove(2.0).describe(), deSnookerMove(gammas = 2.0).describe())
        assertEquals(
            "EMCEE-M001",
            assertThrows(EmceeException::class.java) { deMove(nsplits = 1) }.code,
        )
    }
}
