package lab.portal.web;

import jakarta.servlet.http.Cookie;
import lab.portal.PortalSlice;
import lab.portal.experiment.Experiments;
import lab.portal.progress.ProgressStore;
import lab.portal.progress.StoredRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The portal's HTTP surface as slices (no server, no browser): the controllers with the security rules
 * and the one error shape, over real collaborators ({@link PortalSlice}). Busy and cancel paths, bad
 * input, the same-origin rule and body limits answer as they should.
 */
@WebMvcTest
@Import({PortalSlice.class, lab.portal.security.PortalSecurity.class})
class ControllersTest {
    @Autowired
    MockMvc mvc;
    @Autowired
    Experiments runner;
    @Autowired
    ProgressStore store;

    /** A change as the portal's own page sends it: same origin, the CSRF token in the header and the cookie. */
    private static MockHttpServletRequestBuilder change(MockHttpServletRequestBuilder request) {
        return request.header("Host", "127.0.0.1").header("Sec-Fetch-Site", "same-origin").cookie(new Cookie("XSRF-TOKEN", "t"))
                .header("X-XSRF-TOKEN", "t");
    }

    @AfterEach
    void nothingRunning() throws Exception {
        runner.cancel();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runner.activeRun() >= 0 && System.nanoTime() < deadline) Thread.sleep(20);
    }

    @Test
    void aSecondRunIsRefusedWhileOneRunsAndTheServicesCannotBeTouched() throws Exception {
        PortalSlice.started = new CountDownLatch(1);
        mvc.perform(change(post("/api/experiments/startup/runs"))).andExpect(status().isAccepted()).andExpect(jsonPath("$.run_id").isNumber());
        assertThat(PortalSlice.started.await(10, TimeUnit.SECONDS)).isTrue();
        mvc.perform(change(post("/api/experiments/startup/runs"))).andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("busy"));
        mvc.perform(change(post("/api/services/ml-api/start"))).andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value("experiment_running"));
        mvc.perform(change(post("/api/blocks/step-2-1/runs"))).andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("busy"))
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("experiment 'startup' is running")));
        mvc.perform(change(post("/api/cleanup"))).andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("busy"));
    }

    @Test
    void aBlockRunsByItsIdAndItsStepIsJudgedOnWhatItPrinted() throws Exception {
        // Nothing listens on the slice's traditional-api port: the curls print nothing, the block's last echo exits 0.
        mvc.perform(change(post("/api/blocks/step-2-1/runs"))).andExpect(status().isAccepted()).andExpect(jsonPath("$.block").value("step-2-1"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String status;
        do {
            Thread.sleep(50);
            var r = mvc.perform(get("/api/blocks/step-2-1/runs/latest").header("Host", "127.0.0.1")).andReturn().getResponse();
            status = r.getStatus() == 200 ? com.jayway.jsonpath.JsonPath.read(r.getContentAsString(), "$.status") : "NONE";
            assertThat(System.nanoTime()).as("the block ended within 30 s").isLessThan(deadline);
        } while (status.equals("RUNNING") || status.equals("NONE"));
        assertThat(status).isEqualTo("SUCCEEDED");
        mvc.perform(get("/api/checklist").header("Host", "127.0.0.1")).andExpect(status().isOk())
                .andExpect(jsonPath("$.steps[1].step").value("step-2"))
                .andExpect(jsonPath("$.steps[1].done").value(false))
                .andExpect(jsonPath("$.steps[1].href").value("#block-step-2-1"))
                .andExpect(jsonPath("$.steps[1].detail").value(org.hamcrest.Matchers.containsString("ran, but its output does not show")));
    }

    @Test
    void aCancelledRunIsRecordedAsCancelledAndOnlyThenIsTheRunnerFree() throws Exception {
        for (int i = 0; i < 10; i++) {
            PortalSlice.started = new CountDownLatch(1);
            long runId = runner.start("startup");
            assertThat(PortalSlice.started.await(10, TimeUnit.SECONDS)).isTrue();
            mvc.perform(change(post("/api/experiments/cancel"))).andExpect(status().isAccepted());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (runner.activeRun() >= 0) {
                assertThat(System.nanoTime()).as("the cancel took effect within 5 s").isLessThan(deadline);
                Thread.sleep(10);
            }
            assertThat(store.run(runId).orElseThrow().status()).as("run " + i + ": when the runner is free the outcome is stored")
                    .isEqualTo(StoredRun.Status.CANCELLED);
        }
        mvc.perform(change(post("/api/experiments/cancel"))).andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("nothing_running"));
    }

    @Test
    void badInputGetsAFourHundredWithAJsonReason() throws Exception {
        mvc.perform(change(post("/api/experiments/nope/runs"))).andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("unknown_experiment"));
        mvc.perform(change(post("/api/services/redis/start"))).andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("unknown_service"));
        mvc.perform(change(post("/api/services/ml-api/scale?replicas=99"))).andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").exists());
        mvc.perform(change(post("/api/services/ml-api/scale?replicas=many"))).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("bad_request"));
        mvc.perform(change(put("/api/answers/nope").contentType(MediaType.TEXT_PLAIN).content("x"))).andExpect(status().isNotFound());
        mvc.perform(change(put("/api/answers/probes").contentType(MediaType.TEXT_PLAIN).content("x".repeat(20_001))))
                .andExpect(status().isPayloadTooLarge()).andExpect(jsonPath("$.error").value("answer_too_long"));
        mvc.perform(change(post("/api/report").contentType(MediaType.APPLICATION_JSON).content("{\"format\":\"something-else\"}")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("invalid_report"));
        mvc.perform(change(post("/api/report").contentType(MediaType.APPLICATION_JSON).content("not json")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("invalid_report"));
        mvc.perform(get("/api/cost").param("spikeHoursPerDay", "NaN").header("Host", "127.0.0.1")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("bad_request"));
        mvc.perform(get("/api/cost").header("Host", "127.0.0.1")).andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("not_measured"));
        mvc.perform(get("/api/runs/12345").header("Host", "127.0.0.1")).andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("unknown_run"));
        mvc.perform(change(post("/api/blocks/rm-rf/runs"))).andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("unknown_block"));
        mvc.perform(change(post("/api/blocks/cancel"))).andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("nothing_running"));
        mvc.perform(get("/api/blocks/step-9-9/runs/latest").header("Host", "127.0.0.1")).andExpect(status().isNotFound());
        mvc.perform(change(post("/api/experiments/startup/runs")).contentType(MediaType.APPLICATION_JSON).content("{\"parameters\": {\"repetitions\": 99}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value("repetitions must be from 1 to 5, got 99"));
        mvc.perform(change(post("/api/experiments/startup/runs")).contentType(MediaType.APPLICATION_JSON).content("{\"parameters\": {\"command\": \"rm\"}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("no parameter 'command'")));
        mvc.perform(change(post("/api/experiments/startup/runs")).contentType(MediaType.APPLICATION_JSON).content("{\"parameters\": "))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").exists());
    }

    @Test
    void changesComeOnlyFromTheOwnOriginWithTheTokenInTheHeaderAndBoundedBodies() throws Exception {
        mvc.perform(post("/api/experiments/cancel").header("Host", "127.0.0.1")).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("csrf"));
        mvc.perform(change(post("/api/experiments/cancel")).header("Origin", "http://127.0.0.1:9999"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("cross_origin"));
        mvc.perform(post("/api/experiments/cancel").header("Host", "127.0.0.1").header("Sec-Fetch-Site", "same-site")
                        .cookie(new Cookie("XSRF-TOKEN", "t")).header("X-XSRF-TOKEN", "t"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("cross_origin"));
        mvc.perform(post("/api/experiments/cancel").header("Host", "127.0.0.1").cookie(new Cookie("XSRF-TOKEN", "t")).param("_csrf", "t"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("csrf"));
        mvc.perform(get("/api/checklist").header("Host", "lab.attacker.example")).andExpect(status().is(421));
        mvc.perform(get("/api/checklist").header("Host", "lab.attacker.example").header("X-Forwarded-Host", "127.0.0.1"))
                .andExpect(status().is(421));
        mvc.perform(change(put("/api/answers/probes").contentType(MediaType.TEXT_PLAIN).content("x".repeat(70_000))))
                .andExpect(status().isPayloadTooLarge()).andExpect(jsonPath("$.error").value("body_too_large"));
        mvc.perform(get("/api/checklist").header("Host", "127.0.0.1")).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.containsString("application/json")))
                .andExpect(jsonPath("$.summary.criteria_total").value(7)).andExpect(jsonPath("$.summary.steps_total").value(lab.portal.LabFixture.content().guide().steps().size()));
        mvc.perform(post("/api/blocks/step-2-1/runs").header("Host", "127.0.0.1")).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("csrf"));
        mvc.perform(post("/api/blocks/step-2-1/runs").header("Host", "127.0.0.1").header("Sec-Fetch-Site", "cross-site")
                        .cookie(new Cookie("XSRF-TOKEN", "t")).header("X-XSRF-TOKEN", "t"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("cross_origin"));
        mvc.perform(change(post("/api/cleanup")).header("Origin", "http://evil.example")).andExpect(status().isForbidden());
    }
}
