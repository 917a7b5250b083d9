package lab.portal.services;

import com.fasterxml.jackson.annotation.JsonInclude;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.RuntimeEvents;
import lab.portal.runtime.ServiceClient;
import lab.portal.runtime.ServiceInfo;
import lab.portal.runtime.ServiceRuntime;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Which model ml-api serves, as its own /info says once a replica is ready: the portal names it on every
 * page and in every run, and says so plainly when it is the offline model instead of DistilBERT-SST-2.
 * It watches the runtime itself and tells whoever shows it ({@link Changed}).
 */
@Component
public class ServedModel implements RuntimeEvents {

    /**
     * What the page shows about the model. {@code label} is the one line every page, run and report uses;
     * the accuracies are the offline model's measured ones (null for another model).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Info(String model, String label, boolean known, boolean fallback, boolean offline, String note,
                       String fallbackReason, Double testAccuracy, Double sst2DevAccuracy) {

        static Info unknown() {
            return new Info("unknown until ml-api has been ready once", "unknown until ml-api has been ready once", false, false,
                    false, null, null, null, null);
        }

        /** The same model as recorded in a stored run, said to be from the record. */
        public static Info recorded(String label, String note) {
            return new Info(label, label, false, false, false, note, null, null, null);
        }
    }

    /** ml-api said which model it serves. */
    public record Changed(Info info) {
    }

    private final ApplicationEventPublisher events;
    private volatile Info info = Info.unknown();

    public ServedModel(ServiceRuntime runtime, ApplicationEventPublisher events) {
        this.events = events;
        runtime.subscribe(this);
    }

    /** An ml-api replica became ready: ask it at once, on the runtime's thread (it may be stopped right after this event). */
    @Override
    public void stateChanged(Replica r) {
        if (r.service() == LabService.ML && r.state() == ReplicaState.READY) events.publishEvent(new Changed(refresh(r.port())));
    }

    /** Asks a ready ml-api replica; keeps the last answer when it cannot. */
    public Info refresh(int port) {
        ServiceClient.info(port).ifPresent(i -> info = describe(i));
        return info;
    }

    /** What every label of a model other than DistilBERT-SST-2 says, and what {@link #kindOf} reads back. */
    private static final String NOT_DISTILBERT = "not DistilBERT-SST-2";

    /**
     * A run's evidence figure that says which model an experiment measured where it chose the model itself
     * (Experiment 6): 1 for DistilBERT-SST-2, 0 for the offline model standing in for it.
     */
    public static final String DISTILBERT_FIGURE = "ml.model_is_distilbert";

    /** Which model a recorded label names: "distilbert", "other", or null where no model was known. */
    public static String kindOf(String label) {
        if (label == null || label.isBlank()) return null;
        return label.contains(NOT_DISTILBERT) ? "other" : "distilbert";
    }

    static Info describe(ServiceInfo i) {
        String model = i.model() == null ? "?" : i.model();
        boolean fallback = i.isFallback();
        boolean isOffline = i.offlineModel() != null;
        String label = model + (fallback ? " (offline fallback, " + NOT_DISTILBERT + ")" : isOffline ? " (offline model, " + NOT_DISTILBERT + ")" : "");
        return new Info(model, label, true, fallback, isOffline, isOffline ? i.offlineModel().note() : null, i.fallbackReason(),
                isOffline ? i.offlineModel().testAccuracy() : null, isOffline ? i.offlineModel().sst2DevAccuracy() : null);
    }

    public Info info() {
        return info;
    }

    /** Whether a running ml-api has told us since the portal started. */
    public boolean known() {
        return info.known();
    }

    /** One line for the report. */
    public String label() {
        return info.label();
    }

    /** The line a run records: null while no ml-api has said which model it serves. */
    public String labelIfKnown() {
        return info.known() ? info.label() : null;
    }
}
