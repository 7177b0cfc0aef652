/**
 * A libtorch peer of the toolkit's estimators, for parity tests and speed comparisons in the same
 * JVM (built only by the Maven profile {@code libtorch}, through bytedeco's PyTorch 2.10 presets).
 *
 * <p>Conventions: meta-parameters are arrays of tensors in the order of the toolkit model's
 * parameter names; methods that run libtorch operations should be called inside a
 * {@link org.bytedeco.javacpp.PointerScope}, which frees every intermediate tensor when it closes
 * (freeing through the garbage collector made the operations 2–19× slower). Copy arrays from and
 * to ND4J outside any scope, because ND4J's own buffers would otherwise be attached to the scope
 * and freed with it.
 *
 * <p>libtorch's OpenMP threads spin while idle by default and then compete with OpenBLAS's
 * threads; start the JVM with {@code OMP_WAIT_POLICY=PASSIVE}.
 */
package org.metagrad4j.libtorch;
