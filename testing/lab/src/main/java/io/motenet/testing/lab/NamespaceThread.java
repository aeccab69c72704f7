package io.motenet.testing.lab;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs a task on a fresh platform thread that has joined a named network namespace
 * ({@code setns(2)} on {@code /var/run/netns/NAME}): the kernel sockets that thread opens belong to
 * the namespace, so a JVM can be a kernel-TCP endpoint inside a lab without a child process. Only
 * that thread moves (network namespaces are per thread on Linux), and it ends with the task, so no
 * pooled or carrier thread is ever left in a lab's namespace. Needs CAP_SYS_ADMIN (root).
 */
final class NamespaceThread {
    private NamespaceThread() {
    }

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");
    private static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SETNS = bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO_OPTION);
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = bind("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private static MethodHandle bind(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** Runs {@code task} inside the namespace and returns its result; its exception is rethrown as it was. */
    static <T> T call(String namespace, String threadName, Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name(threadName).unstarted(() -> {
            try {
                join(namespace);
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.start();
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            if (e.getCause() instanceof Error x) {
                throw x;
            }
            throw e;
        } finally {
            t.join();
        }
    }

    /** Moves the calling thread into the namespace, or throws saying why not. */
    private static void join(String namespace) {
        String path = "/var/run/netns/" + namespace;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(errno, arena.allocateFrom(path), O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0) {
                throw new IllegalStateException("cannot open " + path + ": " + strerror(errno));
            }
            try {
                if ((int) SETNS.invokeExact(errno, fd, CLONE_NEWNET) < 0) {
                    throw new IllegalStateException("setns into " + namespace + " failed (needs root): " + strerror(errno));
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("setns into " + namespace + ": " + e, e);
        }
    }

    private static String strerror(MemorySegment errno) throws Throwable {
        int e = (int) ERRNO.get(errno, 0L);
        MemorySegment s = (MemorySegment) STRERROR.invokeExact(e);
        return s.reinterpret(256).getString(0) + " (errno " + e + ")";
    }
}
