package io.motenet.ip.internal.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads frames captured from Linux with {@code tcpdump -xx} (files under {@code captures/},
 * made by {@code captures/capture.sh}): one frame per summary line, hex lines after it.
 */
public final class Captures {
    private Captures() {
    }

    public static List<ByteBuffer> load(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/captures/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + name);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ByteBuffer frame(String name, int index) {
        return load(name).get(index);
    }

    /** Parses tcpdump -xx text; lines starting with '#' are comments. */
    public static List<ByteBuffer> parse(String text) {
        List<ByteBuffer> frames = new ArrayList<>();
        StringBuilder hex = null;
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (t.startsWith("0x")) {
                hex.append(t.substring(t.indexOf(':') + 1).replace(" ", ""));
            } else {
                if (hex != null) {
                    frames.add(bytes(hex.toString()));
                }
                hex = new StringBuilder();
            }
        }
        if (hex != null) {
            frames.add(bytes(hex.toString()));
        }
        return frames;
    }

    /** Hex digits, whitespace ignored, as a read-only buffer. */
    public static ByteBuffer hex(String digits) {
        return bytes(digits.replaceAll("\\s", ""));
    }

    private static ByteBuffer bytes(String digits) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(digits)).asReadOnlyBuffer();
    }

    public static byte[] toArray(ByteBuffer buf) {
        byte[] b = new byte[buf.remaining()];
        buf.duplicate().get(b);
        return b;
    }

    /** A writable copy, to corrupt in hostile-input tests. */
    public static ByteBuffer copy(ByteBuffer buf) {
        return ByteBuffer.wrap(toArray(buf));
    }
}
