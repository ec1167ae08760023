package io.pacraft.jepsen.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.HistoryRecorder;
import io.pacraft.jepsen.history.Keyword;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.history.OpType;
import io.pacraft.jepsen.linear.CasFailure;
import io.pacraft.jepsen.linear.Linearizability;
import io.pacraft.jepsen.model.Register;
import io.pacraft.jepsen.verdict.Result;
import io.pacraft.jepsen.verdict.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** The report: verdict first, well-formed SVG charts, fault windows shaded, the failure's timeline. */
class ReportTest {
  private static final RunSpec SPEC = new RunSpec("raft", 3, 10, "register", List.of(FaultKind.KILL), 2, 2, 10, 1, 0,
      Path.of("out"), false, List.of(), Path.of("pacraft.jar"), "256m", 1000, false);

  /** A stale read: write 1, then write 2 completes, then a read sees 1. */
  private static History staleRead() {
    AtomicLong clock = new AtomicLong();
    HistoryRecorder r = new HistoryRecorder(() -> clock.addAndGet(50_000_000));
    Op w1 = r.invoke(0, "write", 1L, "k");
    r.ok(w1, 1L);
    r.record(new Op(-1, Keyword.of("nemesis"), OpType.INFO, "start-kill", "leader 127.0.0.1:1", -1, null, null));
    Op w2 = r.invoke(0, "write", 2L, "k");
    r.ok(w2, 2L);
    Op c = r.invoke(1, "cas", List.of(5L, 6L), "k");
    r.fail(c, Keyword.of("moved"));
    Op rd = r.invoke(1, "read", null, "k");
    r.ok(rd, 1L);
    Op lost = r.invoke(0, "write", 3L, "k");
    r.info(lost, "timeout");
    r.record(new Op(-1, Keyword.of("nemesis"), OpType.INFO, "stop-kill", "leader 127.0.0.1:1", -1, null, null));
    return r.history();
  }

  @Test
  void invalidRunShowsVerdictChartsWindowAndTimeline() throws Exception {
    History h = staleRead();
    Result res = Linearizability.check(Runner.clientEvents(h), Register.withCas(null),
        Linearizability.Options.defaults().withCasFailure(CasFailure.DEFINITE));
    assertThat(res.verdict()).isEqualTo(Verdict.INVALID);
    String html = Report.html(SPEC, h, 0, res.verdict(), res.reason(), res);
    assertThat(html.indexOf("INVALID")).isLessThan(html.indexOf("<svg"));
    assertThat(html).contains("Latency over time", ":read", ":write", ":cas", "Throughput over time", "Timeline of the offending operations");
    assertThat(html).contains(Report.OK, Report.FAIL, Report.INFO);
    Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
    int charts = 0;
    while (m.find()) {
      String svg = m.group();
      // every chart is well-formed XML, and shades the fault window
      DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
      assertThat(svg).contains("fill=\"#f4a261\"");
      charts++;
    }
    assertThat(charts).isEqualTo(4); // three op types and throughput
    // the blocked read is ringed
    assertThat(html).contains("r=\"6\" stroke=\"#000\"");
    assertThat(Report.windows(h, 0)).singleElement().satisfies(w -> {
      assertThat(w.kind()).isEqualTo("kill");
      assertThat(w.to()).isGreaterThan(w.from());
    });
  }

  @Test
  void countsSeparateOutcomesAndNemesisEvents() {
    assertThat(Runner.counts(staleRead())).containsEntry("invoke", 5L).containsEntry("ok", 3L).containsEntry("fail", 1L)
        .containsEntry("info", 1L).containsEntry("nemesis", 2L);
  }
}
