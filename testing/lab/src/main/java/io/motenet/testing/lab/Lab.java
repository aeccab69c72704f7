package io.motenet.testing.lab;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

import io.motenet.driver.tap.internal.TapDevice;
import io.motenet.driver.tap.internal.TapException;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;

/**
 * One lab: a network namespace with a unique name, a TAP device made by this JVM (in the root
 * namespace, where the JVM runs) and then moved into the namespace, the kernel side configured
 * there. The open descriptor keeps working after the move, so {@link #device()} talks to the
 * namespace's kernel. {@link #close()} removes everything, and a shutdown hook does it too if the
 * JVM exits before the test could.
 *
 * <p>Use it through {@link LabExtension}, or {@code try (Lab lab = Lab.start(...))}.
 */
public final class Lab implements AutoCloseable {

    private static final Pattern LINK_ETHER = Pattern.compile("link/ether ([0-9a-f:]{17})");

    private final String namespace;
    private final TapDevice tap;
    private final LabOptions options;
    private final MacAddress kernelMac;
    private final Thread cleanupHook;
    private boolean closed;

    private Lab(String namespace, TapDevice tap, LabOptions options, MacAddress kernelMac, Thread cleanupHook) {
        this.namespace = namespace;
        this.tap = tap;
        this.options = options;
        this.kernelMac = kernelMac;
        this.cleanupHook = cleanupHook;
    }

    /**
     * Checks what a lab needs. With {@code -Dmotenet.lab=skip} the test is aborted (reported as
     * skipped); otherwise a missing piece fails it with what to install or change.
     */
    public static void requirePreconditions() {
        Assumptions.assumeFalse("skip".equals(System.getProperty("motenet.lab")),
                "motenet.lab=skip: lab tests against the Linux kernel are skipped");
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root (the lab creates network namespaces and TAP devices; run the tests as root)");
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            missing.add("/dev/net/tun (modprobe tun, or pass --device /dev/net/tun --cap-add NET_ADMIN to the container)");
        }
        if (ip() == null) {
            missing.add("the ip command (DEBIAN_FRONTEND=noninteractive apt-get install -y iproute2)");
        }
        if (!missing.isEmpty()) {
            fail("the lab cannot run here; missing: " + String.join("; ", missing)
                    + ". Or run with -Dmotenet.lab=skip to skip lab tests.");
        }
    }

    static String ip() {
        for (String p : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    /** Sets up a lab; on any failure everything made so far is removed again. */
    public static Lab start(LabOptions options) throws TapException {
        requirePreconditions();
        String ip = ip();
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000_0000, 0x7fff_ffff));
        String namespace = "mnlab-" + ProcessHandle.current().pid() + "-" + id;
        String ifname = "mn" + id; // at most 10 characters
        Commands.run(ip, "netns", "add", namespace);
        Thread hook = new Thread(() -> Commands.exec(List.of(ip, "netns", "del", namespace)), "lab-cleanup-" + namespace);
        Runtime.getRuntime().addShutdownHook(hook);
        TapDevice tap = null;
        try {
            tap = TapDevice.open(ifname, options.ourMac(), options.mtu(), options.readBatch(), options.offload());
            Commands.run(ip, "link", "set", "dev", ifname, "netns", namespace);
            Commands.run(ip, "-n", namespace, "link", "set", "dev", "lo", "up");
            if (!options.ipv6()) {
                Commands.run(ip, "netns", "exec", namespace, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                        "net.ipv6.conf.default.disable_ipv6=1", "net.ipv6.conf." + ifname + ".disable_ipv6=1");
            }
            Commands.run(ip, "-n", namespace, "addr", "add", options.kernelAddress(), "dev", ifname);
            Commands.run(ip, "-n", namespace, "link", "set", "dev", ifname, "up");
            Matcher m = LINK_ETHER.matcher(Commands.run(ip, "-n", namespace, "-o", "link", "show", "dev", ifname));
            if (!m.find()) {
                throw new IllegalStateException("no MAC address on the kernel side of " + ifname);
            }
            return new Lab(namespace, tap, options, MacAddress.parse(m.group(1)), hook);
        } catch (RuntimeException | TapException e) {
            if (tap != null) {
                tap.close();
            }
            Commands.exec(List.of(ip, "netns", "del", namespace));
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
    }

    /** The namespace's name. */
    public String namespace() {
        return namespace;
    }

    /** Our side: the TAP device, already inside the namespace's kernel's view. */
    public NetworkDevice device() {
        return tap;
    }

    /** The interface name, the same inside the namespace. */
    public String interfaceName() {
        return tap.interfaceName();
    }

    /** The kernel side's MAC address. */
    public MacAddress kernelMac() {
        return kernelMac;
    }

    /** The kernel side's address without prefix, e.g. {@code 10.77.0.1}. */
    public String kernelAddress() {
        return options.kernelAddress().replaceFirst("/.*", "");
    }

    public LabOptions options() {
        return options;
    }

    /** Runs a command inside the namespace and returns its output; fails unless it exits with 0. */
    public String exec(String... command) {
        List<String> cmd = new ArrayList<>(List.of(ip(), "netns", "exec", namespace));
        cmd.addAll(List.of(command));
        return Commands.run(cmd.toArray(String[]::new));
    }

    /** Runs a command inside the namespace, whatever its exit code. */
    public Commands.Result tryExec(String... command) {
        List<String> cmd = new ArrayList<>(List.of(ip(), "netns", "exec", namespace));
        cmd.addAll(List.of(command));
        return Commands.exec(cmd);
    }

    /** Starts a command inside the namespace in the background (for example a ping or a server). */
    public Process spawn(String... command) {
        List<String> cmd = new ArrayList<>(List.of(ip(), "netns", "exec", namespace));
        cmd.addAll(List.of(command));
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start " + cmd + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a task on a new platform thread that has joined this lab's network namespace and returns
     * its result: the kernel sockets it opens ({@code java.net.Socket}, {@code ServerSocket}, ...) are
     * the namespace kernel's, as if a process ran there, with no child process to start or time. The
     * thread ends with the task. Root only (setns needs CAP_SYS_ADMIN).
     */
    public <T> T callInside(Callable<T> task) throws Exception {
        return NamespaceThread.call(namespace, "lab-inside-" + namespace, task);
    }

    /** The kernel's neighbour entry for an address, as {@code ip neigh} prints it (empty when none). */
    public String neighbour(String address) {
        return Commands.run(ip(), "-n", namespace, "neigh", "show", address, "dev", interfaceName()).strip();
    }

    /** Removes the TAP device and the namespace. Safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            tap.close();
        } finally {
            Commands.Result r = Commands.exec(List.of(ip(), "netns", "del", namespace));
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            if (r.exitCode() != 0 && !r.output().contains("No such file")) {
                throw new IllegalStateException("could not delete namespace " + namespace + ": " + r.output());
            }
        }
    }

    /** True when a namespace of this name exists (for tests of the lab itself). */
    public static boolean namespaceExists(String name) {
        return Commands.run(ip(), "netns", "list").lines().anyMatch(l -> l.split(" ")[0].equals(name));
    }
}
