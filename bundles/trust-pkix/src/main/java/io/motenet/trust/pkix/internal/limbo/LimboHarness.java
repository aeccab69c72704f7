package io.motenet.trust.pkix.internal.limbo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.motenet.trust.pkix.internal.LimboCase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * x509-limbo harness for trust-pkix, following limbo's harness contract: limbo JSON on standard
 * input, results JSON on standard output, exit status non-zero only on a harness error (unreadable
 * input). Each case is decided from its certificates and parameters alone ({@code expected_result}
 * is never read). Every case runs once to warm up, then once measured under a per-case time limit;
 * the slowest case is reported on standard error.
 *
 * <pre>java -cp CLASSPATH io.motenet.trust.pkix.internal.limbo.LimboHarness [--time-limit-ms N] [--no-warmup] &lt; limbo.json</pre>
 */
public final class LimboHarness {
    private LimboHarness() {
    }

    public static void main(String[] args) {
        Duration limit = Duration.ofSeconds(1);
        boolean warmup = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--time-limit-ms" -> limit = Duration.ofMillis(Long.parseLong(args[++i]));
                case "--no-warmup" -> warmup = false;
                default -> {
                    System.err.println("usage: LimboHarness [--time-limit-ms N] [--no-warmup] < limbo.json > results.json");
                    System.exit(2);
                }
            }
        }
        try {
            run(System.in, System.out, System.err, limit, warmup);
        } catch (IOException | RuntimeException e) {
            System.err.println("x509-limbo harness error: " + e);
            System.exit(1);
        }
    }

    /** Reads limbo JSON from {@code in}, writes results JSON to {@code out}, a summary to {@code log}. */
    public static void run(InputStream in, OutputStream out, PrintStream log, Duration limit, boolean warmup) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(in);
        JsonNode cases = root.path("testcases");
        if (!cases.isArray()) {
            throw new IOException("input has no 'testcases' array: not limbo JSON");
        }
        ExecutorService worker = newWorker();
        try {
            if (warmup) {
                for (JsonNode c : cases) {
                    LimboCase.decide(c);
                }
            }
            ObjectNode result = json.createObjectNode();
            result.put("version", 1);
            result.put("harness", "motenet-trust-pkix");
            ArrayNode results = result.putArray("results");
            String slowestId = "";
            long slowestNanos = -1;
            List<String> timedOut = new ArrayList<>();
            for (JsonNode c : cases) {
                String id = c.path("id").asText();
                long start = System.nanoTime();
                Future<LimboCase.Outcome> f = worker.submit(() -> LimboCase.decide(c));
                LimboCase.Outcome o;
                try {
                    o = f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    timedOut.add(id);
                    o = new LimboCase.Outcome("FAILURE", "time limit of " + limit.toMillis() + " ms exceeded");
                    // a stuck worker must not delay the next case
                    worker.shutdownNow();
                    worker = newWorker();
                } catch (ExecutionException e) {
                    o = new LimboCase.Outcome("FAILURE", "verifier threw: " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
                long took = System.nanoTime() - start;
                if (took > slowestNanos) {
                    slowestNanos = took;
                    slowestId = id;
                }
                ObjectNode r = results.addObject();
                r.put("id", id);
                r.put("actual_result", o.result());
                r.put("context", o.context());
            }
            json.writerWithDefaultPrettyPrinter().writeValue(nonClosing(out), result);
            out.write('\n');
            out.flush();
            log.printf("x509-limbo: %d cases, slowest %s in %.3f ms%s%n", results.size(), slowestId, slowestNanos / 1e6,
                    timedOut.isEmpty() ? "" : ", over the time limit: " + timedOut);
        } finally {
            worker.shutdownNow();
        }
    }

    /** One daemon thread: a case stuck past its limit must not keep the JVM alive. */
    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "limbo-case");
            t.setDaemon(true);
            return t;
        });
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
