package io.motenet.runtime.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigFileFormatTest {

    @Test
    void writesTypedValuesAsFelixReadsThem() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", "tap0");
        props.put("mtu", 1500);
        props.put("promiscuous", true);
        props.put("loss", 0.5);
        props.put("servers", List.of("10.0.0.1", "10.0.0.2"));
        props.put("quoted", "say \"hi\"\\");
        assertEquals("""
                name="tap0"
                mtu=L"1500"
                promiscuous=B"true"
                loss=D"0.5"
                servers=["10.0.0.1","10.0.0.2"]
                quoted="say \\"hi\\"\\\\"
                """, ConfigFileFormat.write(props));
    }

    @Test
    void refusesMixedArraysAndNulls() {
        assertThrows(IllegalArgumentException.class, () -> ConfigFileFormat.write(Map.of("a", List.of("x", 1))));
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("a", null);
        assertThrows(IllegalArgumentException.class, () -> ConfigFileFormat.write(withNull));
    }

    @Test
    void factoryPidsUseFileInstallsDash() {
        assertEquals("io.motenet.tap-lab.config", Assembler.configFileName("io.motenet.tap~lab"));
        assertEquals("io.motenet.log.config", Assembler.configFileName("io.motenet.log"));
    }
}
