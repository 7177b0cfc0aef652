package org.metagrad4j.inner;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.metagrad4j.nn.Parameters;

/**
 * Which parameters the inner loop adapts; the others stay frozen at their meta-values and are
 * not differentiated by the inner loop.
 */
public final class AdaptedSubset {
    private final Predicate<String> predicate;
    private final List<String> names;
    private final String description;

    private AdaptedSubset(Predicate<String> predicate, List<String> names, String description) {
        this.predicate = predicate;
        this.names = names;
        this.description = description;
    }

    /** Every parameter. */
    public static AdaptedSubset all() {
        return new AdaptedSubset(name -> true, null, "all");
    }

    /** Exactly the named parameters; unknown names are rejected when the subset is applied. */
    public static AdaptedSubset only(Collection<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("an adapted subset needs at least one parameter name");
        }
        List<String> copy = List.copyOf(names);
        return new AdaptedSubset(copy::contains, copy, "only " + copy);
    }

    /** Exactly the named parameters. */
    public static AdaptedSubset only(String... names) {
        return only(List.of(names));
    }

    /** Parameters whose names satisfy {@code predicate}, described by {@code description} when printed. */
    public static AdaptedSubset matching(Predicate<String> predicate, String description) {
        return new AdaptedSubset(predicate, null, description);
    }

    /** Bias parameters (names ending in {@code .bias}). */
    public static AdaptedSubset biasesOnly() {
        return matching(name -> name.endsWith(".bias"), "biases only");
    }

    /**
     * The adapted part of {@code parameters}.
     *
     * @throws IllegalArgumentException for a listed name that does not exist (the valid names are
     *                                  listed) or when nothing is selected
     */
    public Parameters adapted(Parameters parameters) {
        Parameters selected = names != null ? parameters.select(names) : parameters.select(predicate);
        if (selected.size() == 0) {
            throw new IllegalArgumentException("adapted subset '" + description + "' selects no parameter; valid names: "
                    + parameters.names());
        }
        return selected;
    }

    /** Returns whether every parameter is adapted. */
    public boolean isAll() {
        return "all".equals(description);
    }

    @Override
    public String toString() {
        return description;
    }
}
