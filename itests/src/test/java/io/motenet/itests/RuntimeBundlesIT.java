package io.motenet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** The runtime's bundle set wires, and every motenet component is satisfied. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeBundlesIT {

    @Inject BundleContext context;
    @Inject ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return new Option[] {MotenetOptions.runtime()};
    }

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        int motenet = 0;
        for (Bundle b : context.getBundles()) {
            if (b.getState() != Bundle.ACTIVE && b.getHeaders().get("Fragment-Host") == null) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
            if (b.getSymbolicName().startsWith("io.motenet.")) {
                motenet++;
            }
        }
        assertEquals("bundles not active: " + notActive, List.of(), notActive);
        assertTrue("the motenet bundles are there (" + motenet + ")", motenet >= 3);
    }

    @Test
    public void everyMotenetComponentIsSatisfied() {
        List<String> problems = new ArrayList<>();
        int components = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!d.bundle.symbolicName.startsWith("io.motenet.")) {
                continue;
            }
            components++;
            if (!scr.isComponentEnabled(d)) {
                continue; // disabled on purpose (e.g. the insecure verifier), not a wiring problem
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                // UNSATISFIED_CONFIGURATION is by design: a driver waits for its factory configuration.
            if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    problems.add(d.name + " state " + c.state + (c.failure == null ? "" : ": " + c.failure));
                }
            }
        }
        assertTrue("motenet components found: " + components, components >= 2);
        assertEquals("components that do not work: " + problems, List.of(), problems);
    }
}
