package lab.ml.model;

/** The innermost cause of a failure, as "Type: message": what went wrong, without DJL's wrapping. */
public final class RootCause {
    private RootCause() {
    }

    public static String of(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
