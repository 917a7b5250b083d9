package lab.portal;

import lab.process.MachineTool;
import lab.process.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL (Debian's server programs) in a temporary directory, listening on 127.0.0.1 and a free
 * port, trusting the user {@code lab}: what an instructor's class database is, started and removed by the
 * test. PostgreSQL refuses to run as root, so under root (CI) it runs as the {@code postgres} user.
 */
public final class PostgresCluster implements AutoCloseable {
    private final Path dir;
    private final Path bin;
    private final int port;

    private PostgresCluster(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    public static PostgresCluster start() throws IOException, InterruptedException {
        Path bin = MachineTool.postgresBin();
        if (bin == null) throw new IllegalStateException(MachineTool.POSTGRESQL.missing());
        Path dir = Files.createTempDirectory("lab-postgres");
        if (root()) Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
        int port = ServiceProcess.freePort();
        PostgresCluster pg = new PostgresCluster(dir, bin, port);
        pg.run(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "lab", "--auth=trust", "-E", "UTF8", "--no-sync");
        pg.run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        return pg;
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (root()) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        cmd.addAll(List.of(command));
        Path log = Files.createTempFile("postgres-cmd", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish:\n" + Files.readString(log));
        }
        if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + Files.readString(log));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "lab";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
