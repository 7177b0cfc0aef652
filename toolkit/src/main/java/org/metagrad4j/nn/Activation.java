package org.metagrad4j.nn;

import org.metagrad4j.autodiff.Tensor;

/** Element-wise activation functions of a multilayer perceptron. */
public enum Activation {
    RELU, TANH, SIGMOID, SOFTPLUS, IDENTITY;

    /** Applies the activation. */
    public Tensor apply(Tensor x) {
        return switch (this) {
            case RELU -> x.relu();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case SOFTPLUS -> x.softplus();
            case IDENTITY -> x;
        };
    }
}
