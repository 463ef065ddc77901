package dev.driftwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.audit.FindingSummary;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverviewTest {
    private static final Instant END = Instant.parse("2026-12-01T10:00:00Z");

    private static FindingSummary at(String rule, FindingClass c, String item, Instant when) {
        return new FindingSummary(rule, c, Severity.ERROR, item, when);
    }

    @Test
    void accept_findingsOverADay_countsPerHourRuleClassAndItem() {
        Overview overview = new Overview(new Window(END.minus(Duration.ofHours(24)), END));
        overview.accept(at("conservation", FindingClass.LOST_UPDATE, "a", END.minusSeconds(30)));
        overview.accept(at("conservation", FindingClass.LOST_UPDATE, "a", END.minusSeconds(3600 * 5)));
        overview.accept(at("negative-stock", FindingClass.INVARIANT, "b", END.minusSeconds(3600 * 5 + 1)));
        overview.accept(at("negative-stock", FindingClass.INVARIANT, "b", END.minus(Duration.ofDays(2))));
        assertEquals(3, overview.total(), "outside the window is not counted");
        assertEquals("hour", overview.bucketName());
        assertEquals(Map.of("conservation", 2L, "negative-stock", 1L), overview.byRule());
        assertEquals(List.of(Map.entry("a", 2L), Map.entry("b", 1L)), overview.topItems());
        assertEquals(
                Map.of(FindingClass.LOST_UPDATE, 1L), overview.byBucket().get(Instant.parse("2026-12-01T05:00:00Z")));
        assertEquals(
                Map.of(FindingClass.INVARIANT, 1L), overview.byBucket().get(Instant.parse("2026-12-01T04:00:00Z")));
        assertEquals(25, overview.byBucket().size());
    }

    @Test
    void chart_segments_addUpToEveryFindingAndStayInsideTheBox() {
        Overview overview = new Overview(new Window(END.minus(Duration.ofMinutes(30)), END));
        for (int i = 0; i < 100; i++) {
            overview.accept(at(
                    "r",
                    i % 3 == 0 ? FindingClass.LOST_UPDATE : FindingClass.PROTOCOL,
                    "item-" + i,
                    END.minusSeconds(i * 17L)));
        }
        BarChart chart = BarChart.of(overview);
        assertEquals("minute", overview.bucketName());
        long sum = 0;
        for (BarChart.Bar bar : chart.bars()) {
            String title = bar.title();
            sum += Long.parseLong(title.substring(title.lastIndexOf("· ") + 2));
            assertEquals(true, bar.y() >= BarChart.TOP && bar.y() + bar.h() <= chart.axisY(), bar.toString());
        }
        assertEquals(100, sum);
        assertEquals(Overview.TOP_ITEMS, overview.topItems().size());
    }
}
