package lab.portal;

/**
 * The lab portal is not built yet (issue "lab-portal: the guided lab in the browser"). It refuses to
 * start rather than pretend.
 */
public final class LabPortal {
    private LabPortal() {
    }

    public static void main(String[] args) {
        System.err.println("lab-portal is not implemented yet; follow setup.md by hand for now.");
        System.exit(3);
    }
}
