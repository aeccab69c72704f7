package io.motenet.trust.pkix.internal;

import io.motenet.trust.CertificateVerifier;
import io.motenet.trust.VerificationRequest;
import io.motenet.trust.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The trust-pkix component. It registers {@link CertificateVerifier} itself, after loading the root
 * store, so that the service carries what only loading can tell: which store ({@code
 * motenet.trust.store}) and how many anchors ({@code motenet.trust.anchors}). A store that cannot be
 * loaded fails activation: no verifier is registered, and the TLS bundle fails closed.
 */
@Component(name = PkixCertificateVerifier.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {})
@Designate(ocd = PkixConfig.class)
public final class PkixCertificateVerifier implements CertificateVerifier {
    static final String PID = "io.motenet.trust.pkix";

    private final PkixEngine engine;
    private final ServiceRegistration<CertificateVerifier> registration;

    @Activate
    public PkixCertificateVerifier(PkixConfig config, BundleContext context) throws IOException {
        this.engine = new PkixEngine(loadStore(config), limits(config), PublicSuffixList.load());
        this.registration = context.registerService(CertificateVerifier.class, this, properties(config));
    }

    /** Without OSGi: for tests, benchmarks and tools. */
    PkixCertificateVerifier(PkixEngine engine) {
        this.engine = engine;
        this.registration = null;
    }

    /**
     * A verifier over the given DER trust anchors (held to the full profile) with the default bounds,
     * outside OSGi: for tools and benchmarks ({@code ./motenet bench pkix}).
     */
    public static CertificateVerifier forAnchors(List<byte[]> anchorsDer) {
        return new PkixCertificateVerifier(new PkixEngine(TrustStore.of(anchorsDer, "given:" + anchorsDer.size() + " anchors"),
                Limits.DEFAULT, PublicSuffixList.load()));
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
    }

    @Override
    public Verdict verify(VerificationRequest request) {
        return engine.verify(request);
    }

    Hashtable<String, Object> properties(PkixConfig config) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(Constants.SERVICE_RANKING, config.service_ranking());
        p.put(VERIFIER_NAME, "pkix");
        p.put(STORE, engine.store().description());
        p.put(ANCHOR_COUNT, engine.store().size());
        return p;
    }

    static TrustStore loadStore(PkixConfig config) throws IOException {
        if (config.anchor_files().length > 0 || config.anchors_pem().length > 0) {
            return RootStoreLoader.fromConfiguration(List.of(config.anchor_files()), List.of(config.anchors_pem()));
        }
        return RootStoreLoader.fromSystem(List.of(config.os_bundles()), config.jdk_cacerts_fallback(), !config.strict_os_anchors());
    }

    static Limits limits(PkixConfig config) {
        Limits d = Limits.DEFAULT;
        return new Limits(config.max_intermediates(), Math.max(d.maxPathCertificates(), config.max_intermediates() + 4),
                d.maxSignatureChecks(), d.maxCandidates(), d.nameComparisons(), Duration.ofMillis(config.time_budget_ms()));
    }

    @Override
    public String toString() {
        return "pkix verifier, store " + engine.store().description() + " (" + engine.store().size() + " anchors)";
    }
}
