package lab.portal.web;

import java.io.IOException;

/** Reading a request body went past its limit: the request is refused with 413. */
public final class BodyTooLarge extends IOException {
    private final long limit;

    public BodyTooLarge(long limit) {
        super("the request body is larger than the limit here, " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** The BodyTooLarge somewhere in {@code e}'s causes, or null. */
    public static BodyTooLarge in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge b) return b;
        }
        return null;
    }
}
