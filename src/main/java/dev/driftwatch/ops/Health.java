package dev.driftwatch.ops;

import java.util.List;

/**
 * What {@code /health} answers: UP, DEGRADED (running, but with reasons an operator must see, such as a
 * stuck shard; still HTTP 200, since a restart only moves the stuck batch to another worker) or DOWN
 * (the scheduler has died; HTTP 503).
 */
public record Health(String status, List<String> reasons) {
    public static final Health UP = new Health("UP", List.of());
    public static final Health DOWN = new Health("DOWN", List.of());

    public Health {
        reasons = List.copyOf(reasons);
    }

    public static Health degraded(List<String> reasons) {
        return reasons.isEmpty() ? UP : new Health("DEGRADED", reasons);
    }

    boolean serving() {
        return !status.equals("DOWN");
    }

    String json() {
        StringBuilder json = new StringBuilder("{\"status\":\"").append(status).append('"');
        if (!reasons.isEmpty()) {
            json.append(",\"reasons\":[");
            for (int i = 0; i < reasons.size(); i++) {
                json.append(i == 0 ? "" : ",")
                        .append('"')
                        .append(escape(reasons.get(i)))
                        .append('"');
            }
            json.append(']');
        }
        return json.append("}\n").toString();
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
