package lab.portal.tutorial;

import lab.portal.LabFixture;
import lab.portal.content.GuideBlock;
import lab.portal.runtime.LabService;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which lines of a guide block the runtime starts, and which bash runs. */
class BlockPlanTest {

    @Test
    void aLineThatStartsAServiceGoesToTheRuntimeAndTheRestToBash() {
        BlockPlan plan = BlockPlan.of("""
                curl -s http://127.0.0.1:8002/ready
                PORT=8012 java @ml-api/jvm.options -jar ml-api/target/ml-api.jar &
                time (until curl -sf http://127.0.0.1:8012/ready >/dev/null; do sleep 0.1; done)
                """);
        assertThat(plan.segments()).hasSize(3);
        assertThat(plan.segments().get(0)).isEqualTo(new BlockPlan.Shell("curl -s http://127.0.0.1:8002/ready\n"));
        assertThat(plan.segments().get(1)).isEqualTo(new BlockPlan.StartService(LabService.ML, 8012, null, true,
                "PORT=8012 java @ml-api/jvm.options -jar ml-api/target/ml-api.jar &"));
        assertThat(((BlockPlan.Shell) plan.segments().get(2)).script()).startsWith("time (until curl");
    }

    @Test
    void aForegroundStartWithJvmOptionsIsStillAStart() {
        BlockPlan plan = BlockPlan.of("java @traditional-api/jvm.options -XX:AOTCache=traditional-api/target/traditional-api.aot -Xlog:aot=off "
                + "-jar traditional-api/target/traditional-api.jar\n");
        assertThat(plan.segments()).containsExactly(new BlockPlan.StartService(LabService.TRADITIONAL, null, null, false,
                "java @traditional-api/jvm.options -XX:AOTCache=traditional-api/target/traditional-api.aot -Xlog:aot=off "
                        + "-jar traditional-api/target/traditional-api.jar"));
    }

    /** The guide's blocks read the ports from the environment, so a replica port is the service's port plus its offset. */
    @Test
    void aPortRelativeToTheServicesOwnIsResolvedWithThePortalsPorts() {
        BlockPlan.StartService start = (BlockPlan.StartService) BlockPlan.of("PORT=$(( ${ML_PORT:-8002} + 10 )) java @ml-api/jvm.options -jar "
                + "ml-api/target/ml-api.jar &\n").segments().get(0);
        assertThat(start.offset()).isEqualTo(10);
        assertThat(start.portFrom(9002)).as("with --lab.services.ml.port=9002").isEqualTo(9012);
        assertThat(start.background()).isTrue();
        assertThat(BlockPlan.of("PORT=$(( ${TRADITIONAL_PORT:-8001} + 10 )) java -jar ml-api/target/ml-api.jar\n").segments())
                .as("another service's port variable is not this service's").allMatch(s -> s instanceof BlockPlan.Shell);
    }

    /** {@code kill $!} after a replica started in the background stops that replica through the runtime, as it stops the process by hand. */
    @Test
    void killingTheLastBackgroundStartStopsThatReplica() {
        List<BlockPlan.Segment> segments = BlockPlan.of("PORT=$(( ${ML_PORT:-8002} + 10 )) java -jar ml-api/target/ml-api.jar &\n"
                + "curl -s http://127.0.0.1:$(( ${ML_PORT:-8002} + 10 ))/ready\nkill $!   # stop it again\n").segments();
        assertThat(segments).hasSize(3);
        assertThat(segments.get(2)).isEqualTo(new BlockPlan.StopService(LabService.ML, null, 10, "kill $!   # stop it again"));
        assertThat(BlockPlan.of("sleep 60 &\nkill $!\n").segments()).as("a background job of bash's own is bash's to kill")
                .allMatch(s -> s instanceof BlockPlan.Shell);
    }

    @Test
    void otherJavaCommandsAndLookAlikesStayWithBash() {
        for (String line : List.of("java -jar lab-bench/target/lab-bench.jar load --url http://127.0.0.1:8001/analyze --rate 20 --duration 10",
                "java -jar ml-api/target/ml-api.jar fetch", "echo java -jar ml-api/target/ml-api.jar",
                "java -jar ml-api/target/ml-api.jar; rm -rf /", "java -jar traditional-api/target/ml-api.jar")) {
            assertThat(BlockPlan.of(line + "\n").segments()).as(line).allMatch(s -> s instanceof BlockPlan.Shell);
        }
    }

    @Test
    void everyServiceLineOfTheGuideIsRecognised() {
        List<GuideBlock> blocks = LabFixture.content().guide().steps().stream().flatMap(s -> s.blocks().stream()).toList();
        long starts = blocks.stream().flatMap(b -> BlockPlan.of(b.code()).segments().stream()).filter(s -> s instanceof BlockPlan.StartService).count();
        long javaJarLines = blocks.stream().flatMap(b -> b.code().lines()).filter(l -> l.matches(".*java .*-jar (traditional-api|ml-api)/target/.*\\.jar\\s*&?\\s*"))
                .count();
        assertThat(starts).as("each line of the guide that starts a service runs through the runtime").isEqualTo(javaJarLines).isGreaterThanOrEqualTo(4);
    }
}
