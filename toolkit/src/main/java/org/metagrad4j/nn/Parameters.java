package org.metagrad4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.metagrad4j.autodiff.GradOptions;
import org.metagrad4j.autodiff.Tape;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An immutable, ordered set of named parameter tensors: the explicit argument of every model.
 *
 * <p>Models are pure functions of a parameter set, so an inner loop evaluates the same model at
 * θ, θ_k or θ ± εv by passing another set. Arithmetic ({@link #add}, {@link #scale}, ...) is
 * differentiable when the tensors are recorded on a tape. A tensor may carry a leading task
 * dimension ([T, ...]) when each task of a meta-batch has its own copy.
 */
public final class Parameters {
    private final LinkedHashMap<String, Tensor> entries;

    private Parameters(LinkedHashMap<String, Tensor> entries) {
        this.entries = entries;
    }

    /** Builds a set from tensors in the map's iteration order. */
    public static Parameters ofTensors(Map<String, Tensor> tensors) {
        return new Parameters(new LinkedHashMap<>(tensors));
    }

    /** Builds a set of constants from arrays in the map's iteration order (arrays are not copied). */
    public static Parameters of(Map<String, INDArray> arrays) {
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>();
        arrays.forEach((name, value) -> map.put(name, Tensor.constant(value)));
        return new Parameters(map);
    }

    /** An empty set. */
    public static Parameters empty() {
        return new Parameters(new LinkedHashMap<>());
    }

    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    public int size() {
        return entries.size();
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The tensor named {@code name}. @throws IllegalArgumentException listing the valid names */
    public Tensor get(String name) {
        Tensor t = entries.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; valid names: " + names());
        }
        return t;
    }

    /** The array of the tensor named {@code name}. */
    public INDArray value(String name) {
        return get(name).value();
    }

    /** Tensors in order. */
    public List<Tensor> tensors() {
        return List.copyOf(entries.values());
    }

    /** Name → array, in order. */
    public Map<String, INDArray> values() {
        LinkedHashMap<String, INDArray> out = new LinkedHashMap<>();
        entries.forEach((name, t) -> out.put(name, t.value()));
        return Collections.unmodifiableMap(out);
    }

    /** Number of scalar parameters (task copies included). */
    public long count() {
        long total = 0;
        for (Tensor t : entries.values()) {
            total += t.length();
        }
        return total;
    }

    /** The common data type. @throws IllegalStateException for an empty set or mixed types */
    public DataType dataType() {
        DataType type = null;
        for (Map.Entry<String, Tensor> e : entries.entrySet()) {
            DataType t = e.getValue().dataType();
            if (type != null && type != t) {
                throw new IllegalStateException("parameters have mixed data types: " + type + " and " + t + " ('" + e.getKey() + "')");
            }
            type = t;
        }
        if (type == null) {
            throw new IllegalStateException("an empty parameter set has no data type");
        }
        return type;
    }

    /** A copy with {@code name} set to {@code tensor} (added at the end if new). */
    public Parameters with(String name, Tensor tensor) {
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>(entries);
        map.put(name, tensor);
        return new Parameters(map);
    }

    /** The entries whose names are listed, in this set's order. @throws IllegalArgumentException for unknown names */
    public Parameters select(Collection<String> names) {
        for (String name : names) {
            if (!entries.containsKey(name)) {
                throw new IllegalArgumentException("no parameter named '" + name + "'; valid names: " + names());
            }
        }
        return select(names::contains);
    }

    /** The entries whose names satisfy {@code predicate}, in order. */
    public Parameters select(Predicate<String> predicate) {
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>();
        entries.forEach((name, t) -> {
            if (predicate.test(name)) {
                map.put(name, t);
            }
        });
        return new Parameters(map);
    }

    /** The entries whose names are not in {@code other}. */
    public Parameters without(Parameters other) {
        return select(name -> !other.contains(name));
    }

    /** This set with the entries of {@code other} replacing or appended to its own, keeping this set's order. */
    public Parameters merge(Parameters other) {
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>(entries);
        map.putAll(other.entries);
        return new Parameters(map);
    }

    /** Applies {@code f} to every tensor. */
    public Parameters map(UnaryOperator<Tensor> f) {
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>();
        entries.forEach((name, t) -> map.put(name, f.apply(t)));
        return new Parameters(map);
    }

    /** Combines matching entries of two sets with the same names. */
    public Parameters zip(Parameters other, BinaryOperator<Tensor> f) {
        requireSameNames(other);
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>();
        entries.forEach((name, t) -> map.put(name, f.apply(t, other.entries.get(name))));
        return new Parameters(map);
    }

    public Parameters add(Parameters other) {
        return zip(other, Tensor::add);
    }

    public Parameters sub(Parameters other) {
        return zip(other, Tensor::sub);
    }

    public Parameters scale(double factor) {
        return map(t -> t.mul(factor));
    }

    /** {@code this + factor · other}. */
    public Parameters addScaled(Parameters other, double factor) {
        return zip(other, (a, b) -> a.addScaled(b, factor));
    }

    /** Σ over entries of the element-wise product, as a differentiable rank-0 tensor. */
    public Tensor dotTensor(Parameters other) {
        requireSameNames(other);
        Tensor total = null;
        for (Map.Entry<String, Tensor> e : entries.entrySet()) {
            Tensor term = e.getValue().dot(other.entries.get(e.getKey()));
            total = total == null ? term : total.add(term);
        }
        if (total == null) {
            throw new IllegalStateException("dot of two empty parameter sets");
        }
        return total;
    }

    /** Σ over entries of the element-wise product, as a double. */
    public double dot(Parameters other) {
        requireSameNames(other);
        double total = 0;
        for (Map.Entry<String, Tensor> e : entries.entrySet()) {
            total += e.getValue().value().mul(other.entries.get(e.getKey()).value()).sumNumber().doubleValue();
        }
        return total;
    }

    /** Euclidean norm over all entries. */
    public double norm() {
        double total = 0;
        for (Tensor t : entries.values()) {
            double n = t.value().norm2Number().doubleValue();
            total += n * n;
        }
        return Math.sqrt(total);
    }

    /** All entries as constants. */
    public Parameters detach() {
        return map(Tensor::detach);
    }

    /** Every entry as a fresh leaf on {@code tape} (values are shared, not copied). */
    public Parameters watch(Tape tape) {
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>();
        entries.forEach((name, t) -> map.put(name, tape.watch(t.value())));
        return new Parameters(map);
    }

    /** Deep copy of the arrays, as constants. */
    public Parameters copy() {
        return map(t -> Tensor.constant(t.value().dup()));
    }

    /** Casts every array to {@code type}, as constants. */
    public Parameters castTo(DataType type) {
        return map(t -> Tensor.constant(t.value().castTo(type)));
    }

    /** Zeros of the same names and shapes. */
    public Parameters zerosLike() {
        return map(t -> Tensor.constant(Nd4j.zeros(t.dataType(), t.shape())));
    }

    /** Every entry given a leading task dimension of size {@code tasks} (a differentiable broadcast). */
    public Parameters broadcastTasks(int tasks) {
        return map(t -> {
            long[] s = t.shape();
            long[] target = new long[s.length + 1];
            target[0] = tasks;
            System.arraycopy(s, 0, target, 1, s.length);
            return t.unsqueeze(0).broadcastTo(target);
        });
    }

    /**
     * Gradient of {@code output} with respect to every entry of this set, which must be recorded on
     * the output's tape (see {@link #watch(Tape)}).
     */
    public Parameters gradientOf(Tensor output, GradOptions options) {
        Tape tape = output.tape();
        if (tape == null) {
            if (output.isDetachedGradient()) {
                throw new IllegalArgumentException("gradientOf: the output was computed from a gradient taken with createGraph=false; "
                        + "pass GradOptions.higherOrder() to the call that computed that gradient to differentiate it again");
            }
            throw new IllegalArgumentException("gradientOf: the output is a constant; compute it from parameters watched on a tape");
        }
        List<Tensor> grads = tape.grad(output, tensors(), options);
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>();
        int i = 0;
        for (String name : entries.keySet()) {
            map.put(name, grads.get(i++));
        }
        return new Parameters(map);
    }

    /** All entries concatenated into one vector (C order within each entry). */
    public INDArray flatten() {
        List<INDArray> parts = new ArrayList<>();
        for (Tensor t : entries.values()) {
            // An explicit long[]: reshape('c', n) would resolve to reshape(long...) with 'c' widened to 99.
            parts.add(t.value().reshape('c', new long[] {t.length()}));
        }
        if (parts.isEmpty()) {
            throw new IllegalStateException("flatten of an empty parameter set");
        }
        return Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    /** A set shaped like this one holding the entries of {@code vector} (the inverse of {@link #flatten()}). */
    public Parameters unflatten(INDArray vector) {
        if (vector.length() != count()) {
            throw new IllegalArgumentException("unflatten: vector has " + vector.length() + " elements, the parameter set "
                    + count() + " (" + names() + ")");
        }
        INDArray flat = vector.reshape('c', new long[] {vector.length()});
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : entries.entrySet()) {
            long n = e.getValue().length();
            INDArray part = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + n)).dup('c')
                    .reshape('c', e.getValue().shape()).castTo(e.getValue().dataType());
            map.put(e.getKey(), Tensor.constant(part));
            offset += n;
        }
        return new Parameters(map);
    }

    private void requireSameNames(Parameters other) {
        if (!entries.keySet().equals(other.entries.keySet())) {
            throw new IllegalArgumentException("parameter sets differ: " + names() + " vs " + other.names());
        }
    }

    /** Name, shape and data type of every entry (bounded to 20 entries) and the total count. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Parameters[").append(count()).append(" numbers");
        int shown = 0;
        for (Map.Entry<String, Tensor> e : entries.entrySet()) {
            if (shown++ == 20) {
                sb.append(", ... ").append(entries.size() - 20).append(" more");
                break;
            }
            sb.append(", ").append(e.getKey()).append(' ').append(Arrays.toString(e.getValue().shape()));
        }
        return sb.append(']').toString();
    }
}
