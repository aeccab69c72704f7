package io.motenet.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.motenet.trust.CertificateVerifier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code trust:verifiers} — every bound certificate verifier, highest ranking first (the one a new handshake
 * uses), with the root store it trusts.
 */
@Component(service = TrustCommands.class, property = {
        "osgi.command.scope=trust",
        "osgi.command.function=verifiers"
})
public final class TrustCommands {

    private final BundleContext context;

    @Activate
    public TrustCommands(BundleContext context) {
        this.context = context;
    }

    public String verifiers() throws InvalidSyntaxException {
        Collection<ServiceReference<CertificateVerifier>> refs =
                context.getServiceReferences(CertificateVerifier.class, null);
        List<VerifierTable.Row> rows = new ArrayList<>();
        for (ServiceReference<CertificateVerifier> ref : refs) {
            if (ref.getBundle() == null) {
                continue; // unregistered while we looked
            }
            rows.add(new VerifierTable.Row(
                    String.valueOf(ref.getProperty(CertificateVerifier.VERIFIER_NAME)),
                    ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0,
                    (Long) ref.getProperty(Constants.SERVICE_ID),
                    ref.getProperty(CertificateVerifier.STORE) == null ? "-" : ref.getProperty(CertificateVerifier.STORE).toString(),
                    ref.getProperty(CertificateVerifier.ANCHOR_COUNT) instanceof Integer n ? n : -1,
                    ref.getBundle().getSymbolicName()));
        }
        return VerifierTable.render(rows);
    }
}
