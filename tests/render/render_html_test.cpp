// render_html on reports built in code: the sections and charts a person should see, every
// report string escaped, one self-contained well-formed page, and a small file for long series.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "reports/render/device_label.hpp"
#include "reports/render/render.hpp"
#include "tests/render/render_fixtures.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace render_fixtures;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Well-formed enough: one document, every <svg> closed, tags of the page balanced.
void expect_well_formed(const std::string& html) {
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(count(html, "<html"), 1u);
  EXPECT_EQ(count(html, "</html>"), 1u);
  EXPECT_EQ(count(html, "<body>"), 1u);
  EXPECT_EQ(count(html, "<svg"), count(html, "</svg>"));
  EXPECT_EQ(count(html, "<table"), count(html, "</table>"));
  EXPECT_EQ(count(html, "<section"), count(html, "</section>"));
  EXPECT_EQ(count(html, "<tr"), count(html, "</tr>"));
  // Self-contained: nothing is fetched and nothing runs.
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_THAT(html, Not(HasSubstr("src=\"")));
  EXPECT_THAT(html, Not(HasSubstr("@import")));
  EXPECT_THAT(html, Not(HasSubstr("nan")));
}

TEST(RenderHtml, BurnReportHasEveryChartAndSection) {
  const auto html = render_html(burn_report());
  expect_well_formed(html);
  // Header: machine, tool, profile, policy, created.
  EXPECT_THAT(html, HasSubstr("<dd>rig-1</dd>"));
  EXPECT_THAT(html, HasSubstr("rigcheck 0.1.0 (test)"));
  EXPECT_THAT(html, HasSubstr("<dd>burn-in</dd>"));
  EXPECT_THAT(html, HasSubstr("<dd>gpt2-finetune</dd>"));
  EXPECT_THAT(html, HasSubstr("2026-11-27T20:53:00Z"));
  EXPECT_THAT(html, HasSubstr("verdict-unsound"));
  // Charts: power with the limit, temperature with slowdown, SM clock, reasons, burn, VRAM, compute.
  EXPECT_THAT(html, HasSubstr("aria-label=\"Power\""));
  EXPECT_THAT(html, HasSubstr("enforced limit 250 W"));
  EXPECT_THAT(html, HasSubstr("aria-label=\"Temperature\""));
  EXPECT_THAT(html, HasSubstr("slowdown 92 °C"));
  EXPECT_THAT(html, HasSubstr("aria-label=\"SM clock\""));
  EXPECT_THAT(html, HasSubstr("aria-label=\"Clock-event reasons (NVML)\""));
  EXPECT_THAT(html, HasSubstr(">sw_power_cap<"));
  EXPECT_THAT(html, HasSubstr(">hw_slowdown<"));
  EXPECT_THAT(html, HasSubstr(">gpu_idle<"));
  EXPECT_THAT(html, Not(HasSubstr(">hw_power_brake<"))) << "only bits that were ever set get a row";
  EXPECT_THAT(html, HasSubstr("Burn throughput per interval (fp32 gemm, cublas)"));
  EXPECT_THAT(html, HasSubstr("VRAM errors per failing bit position (40 errors)"));
  EXPECT_THAT(html, HasSubstr("<title>5: 38</title>"));
  EXPECT_THAT(html, HasSubstr("GEMM throughput per precision"));
  EXPECT_THAT(html, HasSubstr("10.1 (86% of peak)"));
  EXPECT_THAT(html, HasSubstr("40.2"));  // int8 without a peak: the bar alone
  EXPECT_EQ(count(html, "<svg"), 7u);
  // Tables: checks with status colours, system, GPT-2.
  EXPECT_THAT(html, HasSubstr("<tr class=\"status-fail\"><td><span class=\"status "
                              "status-fail\">fail</span></td><td><code>vram.integrity</code>"));
  EXPECT_THAT(html, HasSubstr("<h2>System</h2>"));
  EXPECT_THAT(html, HasSubstr("<td>gpt2-xl</td><td>inference</td><td>fp16, eager</td>"));
  EXPECT_THAT(html, HasSubstr("gpt2-xl: inference (fp16, batch 8) ~1640 tok/s"));
  // The long GPT-2 table is collapsed by default (a <details> without `open`), its summary is not.
  EXPECT_LT(html.find("<details class=\"gpt2-table\"><summary>"), html.find("<table class=\"gpt2\">"));
  EXPECT_LT(html.find("gpt2-summary"), html.find("<details class=\"gpt2-table\">"));
}

TEST(RenderHtml, TransfersChartShowsEachLineAndTheLinkRate) {
  Report report = burn_report();
  auto& gpu = report.gpus.front();
  TransferResult transfers;
  transfers.backend = "cuda";
  for (std::uint64_t size : {4096ull, 1ull << 20, 256ull << 20})
    for (const char* direction : {transfer_direction::host_to_device, transfer_direction::device_to_host}) {
      TransferSample sample;
      sample.direction = direction;
      sample.host_memory = host_memory_kind::pinned;
      sample.size_bytes = size;
      sample.median_bytes_per_s = size > 4096 ? 12.2e9 : 0.4e9;
      transfers.samples.push_back(sample);
    }
  gpu.measurements.transfers = transfers;
  Check bandwidth = check("pcie.bandwidth", CheckStatus::pass, "host-to-device 12.20 GB/s = 77% of the link");
  bandwidth.metrics["link_rate_bytes_per_s"] = {15.754e9, "bytes/s"};
  gpu.checks.push_back(bandwidth);
  const std::string html = render_html(report);
  EXPECT_THAT(html, HasSubstr("Host-device copies (cuda"));
  EXPECT_THAT(html, HasSubstr("host to device, pinned"));
  EXPECT_THAT(html, HasSubstr("device to host, pinned"));
  EXPECT_THAT(html, Not(HasSubstr("pageable")));  // not measured, not drawn
  EXPECT_THAT(html, HasSubstr("link rate after encoding"));
  expect_well_formed(html);
}

TEST(RenderHtml, VerdictReasonsAreInFixOrderWithTheirAdvice) {
  const auto html = render_html(burn_report());
  const auto verdict = html.substr(html.find("id=\"verdict\""));
  const auto first = verdict.find("vram.integrity");
  const auto second = verdict.find("thermal.sustained");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second) << "rank 1 comes first";
  EXPECT_THAT(verdict, HasSubstr("<li>Return the card: a failing data line does not heal.</li>"));
  EXPECT_THAT(verdict, HasSubstr("Improve the airflow over the passive heatsink."));
}

TEST(RenderHtml, EveryReportStringIsEscaped) {
  auto report = burn_report();
  report.host.hostname = "<b>rig</b>";
  report.gpus[0].name = "<script>alert(1)</script>";
  report.gpus[0].checks[1].summary = "a & b < c";
  report.gpus[0].checks[1].advice = {"\"quote\" 'apostrophe'"};
  report.notes.push_back("<img src=x onerror=alert(1)>");
  report.verdict.reasons[0].summary = "<i>reason</i>";
  report.gpt2->rows[0].limit = "<limit>";
  const auto html = render_html(report);
  expect_well_formed(html);
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("&lt;b&gt;rig&lt;/b&gt;"));
  EXPECT_THAT(html, HasSubstr("a &amp; b &lt; c"));
  EXPECT_THAT(html, HasSubstr("&quot;quote&quot; &#39;apostrophe&#39;"));
  EXPECT_THAT(html, HasSubstr("&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_THAT(html, HasSubstr("&lt;i&gt;reason&lt;/i&gt;"));
  EXPECT_THAT(html, HasSubstr("&lt;limit&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<b>rig")));
  EXPECT_THAT(html, Not(HasSubstr("<i>reason")));
}

TEST(RenderHtml, LongSeriesStayBoundedAndTheFileSmall) {
  auto report = burn_report();
  // A 1-hour burn sampled every 0.1 s: 36 000+ rows.
  report.gpus[0] = p40_gpu(0, 3600, 0.1);
  const auto html = render_html(report);
  expect_well_formed(html);
  for (auto at = html.find(" d=\""); at != std::string::npos; at = html.find(" d=\"", at + 4)) {
    const auto path = html.substr(at + 4, html.find('"', at + 4) - at - 4);
    EXPECT_LE(count(path, "L") + count(path, "M"), 1000u);
  }
  EXPECT_LT(html.size(), 300u * 1024u) << "the page must stay small however long the run";
}

TEST(RenderHtml, EmptyOnePointAndMissingSeriesDoNotBreakThePage) {
  auto report = burn_report();
  auto& gpu = report.gpus[0];
  gpu.telemetry->rows.resize(1);  // one sample
  gpu.measurements.burn->intervals.clear();
  auto html = render_html(report);
  expect_well_formed(html);
  EXPECT_THAT(html, HasSubstr("<circle"));
  EXPECT_THAT(html, HasSubstr("Burn throughput: no interval was timed."));

  gpu.telemetry->rows.clear();
  html = render_html(report);
  expect_well_formed(html);
  EXPECT_THAT(html, HasSubstr("Telemetry: the series is empty."));

  // A column the sampler could not read says why instead of drawing an empty chart.
  gpu.telemetry = p40_burn_telemetry(60);
  for (auto& row : gpu.telemetry->rows) row[2] = std::nullopt;
  gpu.telemetry->unavailable["temp_gpu_c"] = "NVML_ERROR_NOT_SUPPORTED";
  html = render_html(report);
  expect_well_formed(html);
  EXPECT_THAT(html, HasSubstr("Temperature: not available (temp_gpu_c: NVML_ERROR_NOT_SUPPORTED)"));
}

TEST(RenderHtml, AReportWithoutMeasurementsHasNoCharts) {
  Report report;
  report.created_utc = "2026-11-27T20:53:00Z";
  GpuEntry gpu;
  gpu.name = "Tesla M40";
  report.gpus.push_back(gpu);
  const auto html = render_html(report);
  expect_well_formed(html);
  EXPECT_EQ(count(html, "<svg"), 0u);
  EXPECT_THAT(html, HasSubstr("No problems found."));
  EXPECT_THAT(html, HasSubstr("(hostname not recorded)"));
}

TEST(RenderDispatch, HtmlIsAFormat) {
  const auto formats = render_formats();
  EXPECT_NE(std::find(formats.begin(), formats.end(), "html"), formats.end());
  auto html = render(burn_report(), "html", {});
  ASSERT_TRUE(html.ok());
  EXPECT_TRUE(html->starts_with("<!DOCTYPE html>"));
  auto bad = render(burn_report(), "pdf", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error(), HasSubstr("html"));
}

}  // namespace
}  // namespace rigcheck

namespace rigcheck {
namespace {

TEST(RenderHtmlLayout, TheVerdictComesBeforeTheMachineFacts) {
  Report report;
  report.verdict.status = VerdictStatus::unsound;
  report.host.hostname = "rig";
  const std::string html = render_html(report);
  ASSERT_NE(html.find("id=\"verdict\""), std::string::npos);
  ASSERT_NE(html.find("<dl class=\"facts\">"), std::string::npos);
  EXPECT_LT(html.find("id=\"verdict\""), html.find("<dl class=\"facts\">"));
}

}  // namespace
}  // namespace rigcheck

namespace rigcheck {
namespace {

TEST(DeviceLocation, ADeviceWithoutPciAddressIsNamedForWhatItIs) {
  GpuEntry lavapipe;
  lavapipe.name = "llvmpipe (LLVM 15.0.6, 256 bits)";
  EXPECT_EQ(device_location(lavapipe), "CPU Vulkan device (lavapipe), no PCI address");
  GpuEntry other;
  other.name = "some GPU";
  EXPECT_EQ(device_location(other), "no PCI address");
  GpuEntry p40;
  p40.pci.bdf = "0000:13:00.0";
  p40.pci.vendor_id = 0x10de;
  p40.pci.device_id = 0x1b38;
  EXPECT_EQ(device_location(p40), "[10de:1b38]  0000:13:00.0");
  Report report;
  report.gpus.push_back(lavapipe);
  EXPECT_THAT(render_text(report, RenderOptions{}), ::testing::Not(::testing::HasSubstr("[0000:0000]")));
  EXPECT_THAT(render_html(report), ::testing::HasSubstr("CPU Vulkan device (lavapipe)"));
}

}  // namespace
}  // namespace rigcheck
