package io.motenet.itests;

import java.util.function.Supplier;

/** Polls a condition until it yields a value: services and components come and go asynchronously. */
final class Await {

    static final long TIMEOUT_MS = 10_000;

    private Await() {}

    /** The first non-null value of {@code condition}, or an AssertionError naming {@code what} after 10 s. */
    static <T> T until(Supplier<T> condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        T value;
        while ((value = condition.get()) == null) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
        return value;
    }
}
