package lab.ml.model;

/** A binary sentiment answer: the two probabilities (they sum to 1) and whether the input was cut. */
public record Classification(double negative, double positive, boolean truncated) {
}
