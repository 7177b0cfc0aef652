package org.metagrad4j.nn;

import org.metagrad4j.autodiff.Tensor;

/** A scalar function of a parameter set, such as a task's loss at given parameters. */
@FunctionalInterface
public interface Objective {

    /** Evaluates the function; the result is a one-element tensor, recorded when the parameters are. */
    Tensor evaluate(Parameters parameters);
}
