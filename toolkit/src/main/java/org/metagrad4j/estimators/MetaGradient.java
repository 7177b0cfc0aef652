package org.metagrad4j.estimators;

import org.metagrad4j.nn.Parameters;

/**
 * A meta-gradient estimate: one gradient per meta-parameter (model parameters and, when learned,
 * step sizes), as constants shaped like the meta-parameters, with the estimator's diagnostics.
 */
public record MetaGradient(Parameters gradient, Diagnostics diagnostics) implements org.metagrad4j.display.Displayable {

    /** The diagnostics table as HTML, with this record's text. */
    @Override
    public java.util.Map<String, String> mimeBundle() {
        java.util.Map<String, String> bundle = new java.util.LinkedHashMap<>(diagnostics.mimeBundle());
        bundle.put("text/plain", toString());
        return bundle;
    }

    /** Cosine similarity with another estimate over all entries. */
    public double cosine(MetaGradient other) {
        return gradient.dot(other.gradient) / (gradient.norm() * other.gradient.norm());
    }

    /** ‖this − reference‖ / ‖reference‖. */
    public double relativeError(MetaGradient reference) {
        return gradient.sub(reference.gradient).norm() / reference.gradient.norm();
    }

    @Override
    public String toString() {
        return "MetaGradient[norm=" + String.format("%.4g", gradient.norm()) + ", " + gradient + "; " + diagnostics + "]";
    }
}
