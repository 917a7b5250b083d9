package lab.portal.runtime;

import java.util.List;

/** What a cleanup removed from the runtime beyond the replicas (containers, volumes), and what it could not, with why. */
public record LabResources(int containers, List<String> volumes, List<String> problems) {
    public static final LabResources NOTHING = new LabResources(0, List.of(), List.of());
}
