package io.motenet.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a benchmark found: its conditions, rows of figures for the table, and the figures for the closing JSON
 * line (with a peer measured in the same run and the ratio, where one exists).
 */
final class BenchReport {

    private final String name;
    private final Map<String, Object> conditions = new LinkedHashMap<>();
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();

    BenchReport(String name, List<String> columns) {
        this.name = name;
        this.columns = List.copyOf(columns);
        conditions.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        conditions.put("cores", Runtime.getRuntime().availableProcessors());
        conditions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
    }

    BenchReport condition(String key, Object value) {
        conditions.put(key, value);
        return this;
    }

    BenchReport row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + columns.size());
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    BenchReport figure(String key, Object value) {
        figures.put(key, value);
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("benchmark: ").append(name).append('\n');
        conditions.forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
        out.append('\n');
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        appendRow(out, columns, widths);
        for (List<String> row : rows) {
            appendRow(out, row, widths);
        }
        out.append('\n').append(json()).append('\n');
        return out.toString();
    }

    String json() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("benchmark", name);
        all.put("conditions", conditions);
        all.putAll(figures);
        try {
            return new ObjectMapper().writeValueAsString(all);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            String format = c == 0 ? "%-" + widths[c] + "s" : "  %" + widths[c] + "s";
            out.append(String.format(format, cells.get(c)));
        }
        out.append('\n');
    }
}
