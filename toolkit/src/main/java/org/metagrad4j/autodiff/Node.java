package org.metagrad4j.autodiff;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One recorded operation on a {@link Tape}: its parents, its backward rule and the arrays it saved. */
final class Node {
    final Tape tape;
    final int index;
    final String operation;
    final Node[] parents;
    final long[] shape;
    Backward backward;
    INDArray[] saved;
    boolean freed;

    Node(Tape tape, int index, String operation, Node[] parents, long[] shape, Backward backward, INDArray[] saved) {
        this.tape = tape;
        this.index = index;
        this.operation = operation;
        this.parents = parents;
        this.shape = shape;
        this.backward = backward;
        this.saved = saved;
    }

    boolean isLeaf() {
        return parents == null;
    }
}
