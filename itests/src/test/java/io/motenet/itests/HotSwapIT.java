package io.motenet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import io.motenet.itest.greeter.GreeterClient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The swap every motenet layer relies on (a verifier under TLS, a device under the stack), shown with a test-only
 * contract: a consumer with a DYNAMIC/GREEDY reference follows the best provider as providers are installed,
 * started, stopped, updated and uninstalled — never deactivated, never refreshed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT {

    @Inject BundleContext context;

    @Configuration
    public Option[] config() {
        // The contract is there from the start, as the motenet API bundle is; providers and consumer come and go.
        return new Option[] {MotenetOptions.runtime(),
                CoreOptions.bundle(MotenetOptions.fixture("io.motenet.itest.greeter.api"))};
    }

    @Test
    public void consumerFollowsTheBestProviderWithoutBeingDeactivatedOrRefreshed() throws Exception {
        Bundle consumer = install("io.motenet.itest.greeter.consumer");
        consumer.start();
        assertNull("no provider yet: the mandatory reference keeps the consumer off", clientReference());

        Bundle a = install("io.motenet.itest.greeter.provider.a");
        a.start();
        GreeterClient client = awaitClient();
        long serviceId = (Long) clientReference().getProperty(Constants.SERVICE_ID);
        BundleWiring wiring = consumer.adapt(BundleWiring.class);
        assertEquals("A:x", client.greet("x"));

        Bundle b = install("io.motenet.itest.greeter.provider.b"); // service.ranking 10
        b.start();
        awaitGreeting(client, "B:x");

        b.stop();
        awaitGreeting(client, "A:x");
        b.start();
        awaitGreeting(client, "B:x");

        try (InputStream jar = URI.create(MotenetOptions.fixture("io.motenet.itest.greeter.provider.b")).toURL().openStream()) {
            b.update(jar);
        }
        awaitGreeting(client, "B:x");
        try (InputStream jar = URI.create(MotenetOptions.fixture("io.motenet.itest.greeter.provider.a")).toURL().openStream()) {
            a.update(jar); // the unbound provider changing must not disturb the consumer
        }
        assertEquals("B:x", client.greet("x"));

        b.uninstall();
        awaitGreeting(client, "A:x");

        // The same component instance all along: one activation, the same service registration.
        List<String> events = client.events();
        assertEquals("activated once: " + events, 1, events.stream().filter("activate"::equals).count());
        assertEquals(serviceId, clientReference().getProperty(Constants.SERVICE_ID));
        assertTrue("switched A -> B: " + events, events.indexOf("bind B:?") > events.indexOf("bind A:?"));
        assertTrue("B was unbound when it went: " + events, events.contains("unbind B:?"));

        // Never refreshed: the consumer's wiring is the very same object, and nothing waits for a refresh.
        assertSame(wiring, consumer.adapt(BundleWiring.class));
        assertEquals(Bundle.ACTIVE, consumer.getState());
        Collection<Bundle> pending = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class)
                .getRemovalPendingBundles();
        assertTrue("removal pending: " + pending, pending.isEmpty());

        // The last provider gone: the consumer goes away rather than run without one (fails closed).
        a.uninstall();
        Await.until(() -> clientReference() == null ? Boolean.TRUE : null, "the consumer unregisters without a provider");
    }

    private Bundle install(String artifactId) throws Exception {
        String location = MotenetOptions.fixture(artifactId);
        return context.installBundle(location);
    }

    private ServiceReference<GreeterClient> clientReference() {
        return context.getServiceReference(GreeterClient.class);
    }

    private GreeterClient awaitClient() throws InterruptedException {
        return Await.until(() -> {
            ServiceReference<GreeterClient> ref = clientReference();
            return ref == null ? null : context.getService(ref);
        }, "the consumer registers once a provider is there");
    }

    private static void awaitGreeting(GreeterClient client, String expected) throws InterruptedException {
        Await.until(() -> expected.equals(client.greet("x")) ? Boolean.TRUE : null,
                "the consumer greets with " + expected + " (last events " + client.events() + ")");
    }

}
