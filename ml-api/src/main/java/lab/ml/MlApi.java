package lab.ml;

/**
 * ml-api, the transformer sentiment service, is not built yet (issue "ml-api: the transformer
 * sentiment service on DJL, with honest readiness"). It refuses to start rather than pretend.
 */
public final class MlApi {
    private MlApi() {
    }

    public static void main(String[] args) {
        System.err.println("ml-api is not implemented yet; only traditional-api runs in this version of the lab.");
        System.exit(3);
    }
}
