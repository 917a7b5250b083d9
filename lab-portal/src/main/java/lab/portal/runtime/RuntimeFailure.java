package lab.portal.runtime;

/** A start that cannot happen, with the reason in words a learner can act on. */
public class RuntimeFailure extends Exception {
    public RuntimeFailure(String message) {
        super(message);
    }
}
