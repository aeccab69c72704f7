package io.motenet.dns;

import java.util.Locale;

/** The record types a caller may ask for, with their RFC 1035 / IANA codes. */
public enum RecordType {
    A(1), NS(2), CNAME(5), SOA(6), PTR(12), MX(15), TXT(16), AAAA(28), SRV(33), CAA(257);

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    /** The type's number on the wire. */
    public int code() {
        return code;
    }

    /** The type of a code, or null when it is not one of these. */
    public static RecordType ofCode(int code) {
        for (RecordType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /**
     * The type named (any case), e.g. {@code "aaaa"}.
     *
     * @throws IllegalArgumentException naming the types there are
     */
    public static RecordType parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown record type '" + name + "'; one of "
                    + java.util.Arrays.toString(values()), e);
        }
    }
}
