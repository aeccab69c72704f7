/**
 * The DNS layer's contract: the {@link io.motenet.dns.Resolver} service turns names into
 * addresses (A and AAAA) and answers other record lookups, over the stack's UDP and TCP, with the
 * DNS servers that DHCP or configuration gives.
 *
 * <p>Threads: every method may be called from any thread; the blocking forms wait without pinning
 * a virtual thread. Errors are {@link io.motenet.dns.DnsException}s (unchecked), one subclass per
 * outcome a caller may handle differently: the name does not exist, the server failed, no answer
 * in time, no server known.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
@org.osgi.annotation.bundle.Export
package io.motenet.dns;
