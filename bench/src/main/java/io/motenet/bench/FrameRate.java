package io.motenet.bench;

/** Frames and octets over a time: frames per second and Gbit/s (Ethernet frame octets, no preamble, no FCS). */
record FrameRate(long frames, long octets, long nanos) {

    double framesPerSecond() {
        return frames * 1e9 / nanos;
    }

    double gbitPerSecond() {
        return octets * 8.0 / nanos;
    }

    String fps() {
        return String.format("%,.0f", framesPerSecond());
    }

    String gbps() {
        return String.format("%.2f", gbitPerSecond());
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
