package io.motenet.trust.pkix.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "motenet PKIX certificate verifier",
        description = "The default certificate verifier: RFC 5280 path validation and RFC 9525 identity checks.")
@interface PkixConfig {

    @AttributeDefinition(name = "Service ranking", description = "Higher wins when several verifiers are bound.")
    int service_ranking() default 100;

    @AttributeDefinition(name = "Anchor PEM files",
            description = "PEM files of trust anchors. When this or inline anchors are set, the OS store is not used.")
    String[] anchor_files() default {};

    @AttributeDefinition(name = "Inline anchors", description = "PEM text of trust anchors, one or more per entry.")
    String[] anchors_pem() default {};

    @AttributeDefinition(name = "OS CA bundles", description = "Locations tried in order for the OS CA bundle.")
    String[] os_bundles() default {
        "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem",
        "/etc/pki/tls/cacert.pem", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/ssl/cert.pem"};

    @AttributeDefinition(name = "JDK cacerts fallback", description = "Use the JDK's cacerts when no OS bundle exists.")
    boolean jdk_cacerts_fallback() default true;

    @AttributeDefinition(name = "Strict OS anchors",
            description = "Hold roots of the OS store to the full profile (critical basicConstraints, key identifiers, no EKU)."
                    + " Off by default: 8 of Mozilla's 144 roots predate those rules. Configured anchors are always strict.")
    boolean strict_os_anchors() default false;

    @AttributeDefinition(name = "Maximum intermediates", description = "Intermediates a path may have (self-issued not counted).")
    int max_intermediates() default 8;

    @AttributeDefinition(name = "Time budget (ms)", description = "Wall-clock bound for one verification.")
    long time_budget_ms() default 500;
}
