package io.motenet.bench;

import java.util.Arrays;

/** Order statistics of a sample, for figures that vary run to run. */
record Stats(double min, double median, double mean, double max, int n) {

    static Stats of(double[] sample) {
        if (sample.length == 0) {
            throw new IllegalArgumentException("empty sample");
        }
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Stats(sorted[0], median, Arrays.stream(sorted).average().orElseThrow(), sorted[n - 1], n);
    }
}
