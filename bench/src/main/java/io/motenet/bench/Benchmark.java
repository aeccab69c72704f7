package io.motenet.bench;

/** One benchmark that {@code ./motenet bench NAME} can run. */
interface Benchmark {

    String name();

    /** One line for the list. */
    String description();

    /** Options, for {@code ./motenet bench NAME --help}. */
    String usage();

    BenchReport run(BenchOptions options) throws Exception;
}
