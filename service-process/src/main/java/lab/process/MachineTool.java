package lab.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A program some tests need from the machine, with the Debian package that brings it. Outside CI a test
 * whose tool is missing is skipped with one line naming the package; with {@code LAB_REQUIRE_TOOLS} set
 * (CI sets it, as it sets {@code LAB_REQUIRE_DOCKER}) the missing tool fails the test instead.
 */
public enum MachineTool {
    CHROMIUM("Debian's Chromium (the browser tests)", "chromium") {
        @Override
        boolean present() {
            return Files.isExecutable(Path.of(System.getProperty("lab.chromium", "/usr/bin/chromium")));
        }
    },
    NGINX("nginx (the routing tests)", "nginx-light") {
        @Override
        boolean present() {
            return Files.isExecutable(Path.of("/usr/sbin/nginx")) || onPath("nginx");
        }
    },
    PYTORCH("Debian's PyTorch (the TorchScript model fixture)", "python3-torch") {
        @Override
        boolean present() {
            return succeeds("/usr/bin/python3", "-c", "import torch");
        }
    },
    KUBECTL("kubectl with kustomize (the Kubernetes manifests' test)", "kubernetes-client") {
        @Override
        boolean present() {
            return succeeds("kubectl", "kustomize", "--help");
        }
    },
    POSTGRESQL("PostgreSQL's server programs (the class portal's database test)", "postgresql") {
        @Override
        boolean present() {
            return postgresBin() != null;
        }
    },
    STRACE("strace (the test that ml-api connects to nothing it was not given)", "strace") {
        @Override
        boolean present() {
            return succeeds("strace", "-V");
        }
    };

    /** The newest PostgreSQL server's programs (initdb, pg_ctl) as Debian installs them, or null. */
    public static Path postgresBin() {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(java.util.Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private final String what;
    private final String debianPackage;

    MachineTool(String what, String debianPackage) {
        this.what = what;
        this.debianPackage = debianPackage;
    }

    abstract boolean present();

    /** The one line a skipped test prints. */
    public String missing() {
        return what + " is not installed: apt-get install " + debianPackage;
    }

    /** Whether a test can use it; throws where it is required (LAB_REQUIRE_TOOLS) and missing. */
    public boolean availableForTests() {
        boolean here = present();
        if (!here && System.getenv("LAB_REQUIRE_TOOLS") != null) throw new IllegalStateException("LAB_REQUIRE_TOOLS is set: " + missing());
        return here;
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    private static boolean succeeds(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
