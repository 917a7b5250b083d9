package lab.portal.runtime;

import java.util.Locale;

/**
 * A replica's memory limit. {@link #NONE} is the one way to say "no limit": 0 MB means it wherever a
 * number is given (a setting, a run's parameter); a run that says nothing keeps the configured limit.
 */
public record MemoryLimit(long megabytes) {
    public static final MemoryLimit NONE = new MemoryLimit(0);

    public MemoryLimit {
        if (megabytes < 0) throw new IllegalArgumentException("a memory limit is 0 (none) or a number of MB, got " + megabytes);
    }

    /** From a number of MB; 0 is none. */
    public static MemoryLimit ofMegabytes(long megabytes) {
        return megabytes == 0 ? NONE : new MemoryLimit(megabytes);
    }

    public boolean limited() {
        return megabytes > 0;
    }

    public long bytes() {
        return megabytes * 1024 * 1024;
    }

    @Override
    public String toString() {
        return limited() ? String.format(Locale.ROOT, "%d MB", megabytes) : "no limit";
    }
}
