package io.contextstore.migration.importing;

import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/** Whether a route of yours that the pipeline hands its records to (README, "Adding a step to the pipeline") is there. */
@Component
public class PipelineSteps {

    private final CamelContext camel;

    public PipelineSteps(CamelContext camel) {
        this.camel = camel;
    }

    public boolean present(String routeId) {
        return camel.getRoute(routeId) != null;
    }
}
