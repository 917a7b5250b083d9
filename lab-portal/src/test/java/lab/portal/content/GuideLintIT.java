package lab.portal.content;

import lab.portal.LabFixture;
import lab.portal.runtime.ReplicaState;
import lab.portal.settings.LabProperties;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide (setup.md), the content (lab.yaml and its README) and the README say only what is so: every
 * repository path and jar they name exists (after the build), every service endpoint is one the services'
 * or the portal's API description lists, every {@code lab.*} setting is one the portal binds, every value
 * of an enum they list is one the code has, and the guide's blocks take the services' ports from the
 * environment. Runs after the build (failsafe), when the jars are there.
 */
class GuideLintIT {
    private static final Path REPO = LabFixture.REPO;
    private static final List<String> TEXTS = List.of("setup.md", "content/lab.yaml", "content/README.md", "README.md");
    /** What a path the texts name starts with: the repository's own top-level entries. */
    private static final Pattern REPO_PATH = Pattern.compile(
            "(?<![\\w./~-])((?:traditional-api|ml-api|lab-bench|lab-portal|service-http|service-process|k8s|content)/[\\w./-]*[\\w-]"
                    + "|(?:nginx\\.conf|docker-compose(?:\\.host)?\\.yml|Dockerfile\\.(?:ml|traditional|portal)|setup\\.md|mvnw))");
    private static final Pattern SERVICE_URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\$\\{[A-Z_]+:-\\d+}|\\$\\(\\([^)]*\\)\\)|\\d+)(/[\\w./{}-]*)?");
    private static final Pattern SETTING = Pattern.compile("(?<![\\w.-])-?-?(lab(?:\\.[a-z][a-z-]*)+)");
    private static final Pattern JAVA_PACKAGES = Pattern.compile("lab\\.(portal|process|traditional|ml|service|bench)(\\.|$)");
    private static final Pattern LITERAL_SERVICE_PORT = Pattern.compile("(?<![\\d$-])80(01|02|11|12)(?!\\d)");

    private static String read(String file) throws IOException {
        return Files.readString(REPO.resolve(file));
    }

    @Test
    void everyPathAndJarTheTextsNameExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String file : TEXTS) {
            String text = read(file);
            Matcher m = REPO_PATH.matcher(text);
            while (m.find()) {
                String path = m.group(1).replaceAll("[.]+$", "");
                boolean glob = m.end() < text.length() && text.charAt(m.end()) == '*'; // a version left open: lib/name-*.jar
                if (!(glob ? anyStartsWith(REPO.resolve(path)) : Files.exists(REPO.resolve(path)))) missing.add(file + " names " + path + (glob ? "*" : ""));
            }
        }
        assertThat(missing).as("paths the texts name that the repository (built) does not have").isEmpty();
    }

    private static boolean anyStartsWith(Path prefix) throws IOException {
        if (!Files.isDirectory(prefix.getParent())) return false;
        try (var files = Files.list(prefix.getParent())) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(prefix.getFileName().toString()));
        }
    }

    @Test
    void theGuidesBlocksTakeTheServicesPortsFromTheEnvironment() {
        List<String> literal = new ArrayList<>();
        for (GuideStep step : LabFixture.content().guide().steps()) {
            for (GuideBlock block : step.blocks()) {
                for (String line : block.code().lines().toList()) {
                    // a sed substitution of a file's default port with the one from the environment is not a port the block uses
                    String rest = line.replaceAll("\\$\\{(TRADITIONAL|ML)_PORT:-80(01|02)}", "PORT_FROM_ENV").replaceAll("s/[^/]*/[^/]*/", "SUBSTITUTED");
                    if (LITERAL_SERVICE_PORT.matcher(rest).find()) literal.add(block.id() + ": " + line.strip());
                }
            }
        }
        assertThat(literal).as("lines that name a service port instead of reading it from TRADITIONAL_PORT or ML_PORT").isEmpty();
    }

    @Test
    void everyServiceEndpointTheGuideNamesIsInAnApiDescription() throws IOException {
        Set<String> service = paths(REPO.resolve("service-http/src/main/resources/lab/service/openapi.yaml"));
        Set<String> portal = paths(REPO.resolve("lab-portal/src/main/resources/static/openapi.yaml"));
        Set<String> nginx = Set.of("/", "/ml/analyze", "/traditional/analyze");
        List<String> unknown = new ArrayList<>();
        String guide = read("setup.md");
        Matcher m = SERVICE_URL.matcher(guide);
        while (m.find()) {
            String path = m.group(2) == null ? "/" : m.group(2);
            boolean front = m.group(1).equals("8080");
            boolean portalPort = m.group(1).equals("8090");
            if (front ? !nginx.contains(path) : portalPort ? !portal.contains(path) : !service.contains(path)) unknown.add(m.group());
        }
        Matcher named = Pattern.compile("`(/(?:v2/)?[a-z][\\w/]*)`").matcher(guide);
        while (named.find()) {
            String path = named.group(1);
            if (path.startsWith("/proc") || path.startsWith("/models")) continue; // files, not endpoints
            if (!service.contains(path) && !portal.contains(path)) unknown.add(path);
        }
        assertThat(unknown).as("endpoints the guide names that no API description lists").isEmpty();
    }

    @Test
    void everySettingTheTextsNameIsOneThePortalBinds() throws IOException {
        Set<String> bound = settings("lab", LabProperties.class);
        bound.addAll(settings("lab", lab.portal.terminal.TerminalProperties.class));
        bound.addAll(settings("lab.class", lab.portal.classroom.ClassSettings.class));
        List<String> unknown = new ArrayList<>();
        for (String file : TEXTS) {
            Matcher m = SETTING.matcher(read(file));
            while (m.find()) {
                String setting = m.group(1).replaceAll("\\.$", "");
                if (setting.equals("lab.yaml") || JAVA_PACKAGES.matcher(setting).lookingAt()) continue; // a file, the code's packages
                if (!bound.contains(setting)) unknown.add(file + ": " + setting);
            }
            Matcher runtime = Pattern.compile("--lab\\.runtime=([a-z]+)").matcher(read(file));
            while (runtime.find()) {
                String mode = runtime.group(1);
                if (Arrays.stream(LabProperties.RuntimeMode.values()).noneMatch(v -> v.name().equalsIgnoreCase(mode))) {
                    unknown.add(file + ": --lab.runtime=" + mode);
                }
            }
        }
        assertThat(unknown).as("settings the texts name that LabProperties does not bind (it binds " + bound + ")").isEmpty();
    }

    /** The values the guide lists for ml-api's model_files and for a replica's state are the code's, all of them. */
    @Test
    void theEnumValuesTheGuideListsAreTheCodesAllOfThem() throws IOException {
        String guide = read("setup.md");
        Matcher constants = Pattern.compile("(?m)^\\s+([A-Z_]+)\\(\"").matcher(read("ml-api/src/main/java/lab/ml/model/ModelOrigin.java"));
        List<String> origins = new ArrayList<>();
        while (constants.find()) origins.add(constants.group(1).toLowerCase(Locale.ROOT));
        assertThat(origins).as("ModelOrigin's constants were read").hasSizeGreaterThanOrEqualTo(4);
        for (String origin : origins) assertThat(guide).as("setup.md lists model_files value " + origin).contains("`" + origin + "`");
        for (ReplicaState state : ReplicaState.values()) {
            if (state != ReplicaState.EXITED) assertThat(guide).as("setup.md names replica state " + state).contains("`" + state.name() + "`");
        }
    }

    /** Every path an OpenAPI description lists (with its path parameters as written). */
    private static Set<String> paths(Path openapi) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String line : Files.readAllLines(openapi)) {
            if (line.matches("^  /\\S*:\\s*$")) out.add(line.strip().replaceAll(":$", ""));
        }
        return out;
    }

    /** Every setting a configuration record binds, as {@code prefix.kebab-name}, nested records included. */
    private static Set<String> settings(String prefix, Class<?> type) {
        Set<String> out = new LinkedHashSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            String name = prefix + "." + c.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            out.add(name);
            if (c.getType().isRecord()) out.addAll(settings(name, c.getType()));
        }
        if (type == LabProperties.class) out.add(prefix + ".base-image"); // every service's base-image by default (application.properties)
        return out;
    }
}
