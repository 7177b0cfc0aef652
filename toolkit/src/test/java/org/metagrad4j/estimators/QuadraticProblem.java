package org.metagrad4j.estimators;

import java.util.LinkedHashMap;
import java.util.Map;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Module;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A quadratic inner problem with closed-form meta-gradients: the model returns its parameter
 * vector w, the support loss is ½(w − c)ᵀA(w − c) with c the support target, and the query loss is
 * ½‖w − q‖² with q the query target.
 */
final class QuadraticProblem {
    final int dimension;
    final INDArray a;
    final INDArray theta;
    final INDArray[] supportCentres;
    final INDArray[] queryCentres;

    QuadraticProblem(int dimension, int tasks, long seed) {
        this(tasks, seed, Nd4j.linspace(0.5, 2.0, dimension, DataType.DOUBLE).toDoubleVector());
    }

    /** A problem whose support-loss Hessian A has the given eigenvalues (negative ones make it indefinite). */
    QuadraticProblem(int tasks, long seed, double... eigenvalues) {
        this.dimension = eigenvalues.length;
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        INDArray q = Nd4j.randn(rng, new long[] {dimension, dimension}).castTo(DataType.DOUBLE);
        // A = Q diag(eigenvalues) Qᵀ with Q orthonormal from a QR-free Gram–Schmidt of random columns.
        INDArray basis = orthonormal(q);
        INDArray eigen = Nd4j.createFromArray(eigenvalues);
        this.a = basis.mulRowVector(eigen).mmul(basis.transpose());
        this.theta = Nd4j.randn(rng, new long[] {dimension}).castTo(DataType.DOUBLE);
        this.supportCentres = new INDArray[tasks];
        this.queryCentres = new INDArray[tasks];
        for (int t = 0; t < tasks; t++) {
            supportCentres[t] = Nd4j.randn(rng, new long[] {dimension}).castTo(DataType.DOUBLE);
            queryCentres[t] = Nd4j.randn(rng, new long[] {dimension}).castTo(DataType.DOUBLE);
        }
    }

    private static INDArray orthonormal(INDArray m) {
        int n = (int) m.rows();
        INDArray out = Nd4j.zeros(DataType.DOUBLE, n, n);
        for (int j = 0; j < n; j++) {
            INDArray v = m.getColumn(j).dup();
            for (int i = 0; i < j; i++) {
                INDArray u = out.getColumn(i);
                v.subi(u.mul(u.mul(v).sumNumber().doubleValue()));
            }
            out.putColumn(j, v.div(v.norm2Number().doubleValue()));
        }
        return out;
    }

    Module model() {
        return new Module() {
            @Override
            public LinkedHashMap<String, long[]> parameterShapes() {
                LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
                shapes.put("w", new long[] {dimension});
                return shapes;
            }

            @Override
            public int exampleRank() {
                return 1;
            }

            @Override
            public Parameters initialize(DataType type, long seed) {
                return Parameters.of(Map.of("w", theta.castTo(type)));
            }

            @Override
            public Tensor forward(Parameters parameters, Tensor input) {
                Tensor w = parameters.get("w");
                if (w.rank() == 1) {
                    // Shared parameters: the same vector for every task of the batched input.
                    w = w.reshape(1, dimension).broadcastTo(input.size(0), dimension);
                }
                // Predictions [T, 1, d]: each task's parameter vector.
                return w.reshape(w.size(0), 1, dimension);
            }
        };
    }

    Loss supportLoss() {
        Tensor matrix = Tensor.constant(a);
        return (predictions, targets) -> {
            Tensor diff = predictions.sub(Tensor.constant(targets));
            return diff.matmul(matrix).mul(diff).sum(false, 1, 2).mul(0.5);
        };
    }

    OuterLoss queryLoss() {
        return (predictions, inputs, targets) -> predictions.sub(Tensor.constant(targets)).square().sum(false, 1, 2).mul(0.5);
    }

    MetaProblem problem(InnerLoop inner) {
        return new MetaProblem(model(), inner.withLoss(supportLoss()), queryLoss());
    }

    TaskData tasks() {
        int t = supportCentres.length;
        INDArray support = Nd4j.zeros(DataType.DOUBLE, t, 1, dimension);
        INDArray query = Nd4j.zeros(DataType.DOUBLE, t, 1, dimension);
        for (int i = 0; i < t; i++) {
            support.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).assign(supportCentres[i].reshape(1, dimension));
            query.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).assign(queryCentres[i].reshape(1, dimension));
        }
        return new TaskData(Nd4j.zeros(DataType.DOUBLE, t, 1, 1), support, Nd4j.zeros(DataType.DOUBLE, t, 1, 1), query);
    }

    Parameters parameters() {
        return Parameters.of(Map.of("w", theta));
    }

    /** (I − αA)^K. */
    INDArray contraction(double alpha, int steps) {
        INDArray m = Nd4j.eye(dimension).castTo(DataType.DOUBLE).sub(a.mul(alpha));
        INDArray out = Nd4j.eye(dimension).castTo(DataType.DOUBLE);
        for (int k = 0; k < steps; k++) {
            out = out.mmul(m);
        }
        return out;
    }

    /** w_K = c + (I − αA)^K (θ − c) for task t. */
    INDArray adapted(int t, double alpha, int steps) {
        INDArray c = supportCentres[t];
        return c.add(contraction(alpha, steps).mmul(theta.sub(c).reshape(dimension, 1)).reshape(dimension));
    }
}
