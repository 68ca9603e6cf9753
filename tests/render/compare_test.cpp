// The comparison table from reports built in code: a column per (report, GPU), the union of check
// ids, missing values as "—" (null in JSON), key metrics, and each layout.
#include "reports/compare/compare.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "reports/compare/compare_render.hpp"
#include "tests/render/render_fixtures.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace render_fixtures;

// Report A: the burn report (one P40). Report B: two M40s on another host, probe only, with a
// check A lacks and without A's compute and VRAM checks.
std::vector<LabeledReport> two_reports() {
  Report b;
  b.host.hostname = "rig-2";
  b.verdict.status = VerdictStatus::sound;
  for (int i = 0; i < 2; ++i) {
    GpuEntry gpu;
    gpu.index = i;
    gpu.name = "Tesla M40";
    gpu.pci.bdf = i == 0 ? "0000:01:00.0" : "0000:02:00.0";
    gpu.pci.link.current_speed_gts = 8.0;
    gpu.pci.link.current_width = i == 0 ? 16 : 4;
    gpu.pci.link.max_speed_gts = 8.0;
    gpu.pci.link.max_width = 16;
    gpu.checks.push_back(check("pcie.bar", CheckStatus::pass, "BAR1 32 GiB assigned"));
    gpu.checks.push_back(check("power.sustained", i == 0 ? CheckStatus::pass : CheckStatus::skip, "no load"));
    b.gpus.push_back(gpu);
  }
  return {{"a.json", burn_report()}, {"b.json", b}};
}

const ComparisonRow* find_row(const ComparisonTable& table, const std::string& label) {
  for (const auto& row : table.rows)
    if (row.label == label) return &row;
  return nullptr;
}

TEST(Compare, OneColumnPerReportAndGpu) {
  const auto table = build_comparison(two_reports());
  ASSERT_EQ(table.columns.size(), 3u);
  EXPECT_EQ(table.columns[0].report_label, "a.json");
  EXPECT_EQ(table.columns[0].machine, "rig-1");
  EXPECT_EQ(table.columns[0].gpu_name, "Tesla P40");
  EXPECT_EQ(table.columns[2].bdf, "0000:02:00.0");
  EXPECT_EQ(column_heading(table.columns[2]), "b.json: rig-2 / GPU 1 Tesla M40 (0000:02:00.0)");
  for (const auto& row : table.rows) EXPECT_EQ(row.cells.size(), 3u) << row.label;
}

TEST(Compare, RowsAreTheUnionOfCheckIdsWithGapsWhereAColumnLacksOne) {
  const auto table = build_comparison(two_reports());
  const auto* verdict = find_row(table, "verdict");
  ASSERT_NE(verdict, nullptr);
  EXPECT_EQ(verdict->cells[0].text, "unsound");
  EXPECT_EQ(verdict->cells[0].status, CheckStatus::fail);
  EXPECT_EQ(verdict->cells[2].text, "sound");

  for (const char* id : {"compute.gemm.fp32", "vram.integrity", "power.sustained", "pcie.bar"})
    EXPECT_NE(find_row(table, id), nullptr) << id;
  const auto* bar = find_row(table, "pcie.bar");
  EXPECT_FALSE(bar->cells[0].text.has_value());  // A has no pcie.bar check
  EXPECT_EQ(bar->cells[1].text, "pass");
  const auto* power = find_row(table, "power.sustained");
  EXPECT_EQ(power->cells[0].text, "pass");
  EXPECT_EQ(power->cells[2].text, "skip");
  EXPECT_EQ(power->cells[2].status, CheckStatus::skip);
  const auto* memory = find_row(table, "host.memory");
  ASSERT_NE(memory, nullptr);
  EXPECT_EQ(memory->group, "system");
  EXPECT_FALSE(memory->cells[1].text.has_value());
}

TEST(Compare, KeyMetrics) {
  const auto table = build_comparison(two_reports());
  auto value = [&](const std::string& label, std::size_t column) -> std::string {
    const auto* row = find_row(table, label);
    return row == nullptr ? "(no row)" : row->cells[column].text.value_or("(none)");
  };
  EXPECT_EQ(value("GEMM fp32", 0), "10.1 TFLOPS (86% of peak)");
  EXPECT_EQ(value("GEMM int8", 0), "40.2 TOPS");
  EXPECT_EQ(value("GEMM fp32", 1), "(none)");
  EXPECT_EQ(value("VRAM tested", 0), "22 GiB (92%)");
  EXPECT_EQ(value("VRAM errors", 0), "40");
  EXPECT_EQ(value("VRAM test traffic", 0), "300.0 GB/s");
  EXPECT_EQ(value("PCIe link (sysfs)", 2), "8 GT/s x4 of 8 GT/s x16");
  EXPECT_EQ(value("burn mean power", 0), "248 W");
  EXPECT_EQ(value("burn peak temperature", 0), "92 °C");
  EXPECT_THAT(value("burn mean TFLOPS", 0), HasSubstr("TFLOPS (fp32)"));
  EXPECT_EQ(value("burn mismatches", 0), "0 of 150");
  EXPECT_EQ(value("gpt2-xl", 0), "inference fp16 ~1640 tok/s; no fine-tune");
  EXPECT_EQ(find_row(table, "gpt2-xl")->cells[0].status, CheckStatus::warn);
  EXPECT_EQ(find_row(table, "GEMM fp8"), nullptr) << "a metric no column has is left out";
  EXPECT_EQ(find_row(table, "PCIe link under load"), nullptr);
}

TEST(Compare, Gpt2FitPerModel) {
  auto reports = two_reports();
  Gpt2Table table;
  auto add = [&table](std::string model, std::string task, std::string precision, Gpt2Fit fit, double tokens_per_s) {
    Gpt2Row row;
    row.model = std::move(model);
    row.task = std::move(task);
    row.precision = std::move(precision);
    row.fit = fit;
    row.tokens_per_s = tokens_per_s;
    table.rows.push_back(row);
  };
  add("gpt2", "inference", "int8", Gpt2Fit::gpu, 16620);
  add("gpt2", "finetune", "fp32", Gpt2Fit::gpu, 5470);
  add("gpt2-xl", "inference", "int8", Gpt2Fit::gpu, 1640);
  add("gpt2-xl", "finetune", "fp32", Gpt2Fit::no, 0);
  add("gpt2-xl", "finetune-offload", "mixed", Gpt2Fit::offload, 457);
  add("gpt2-huge", "inference", "fp32", Gpt2Fit::no, 0);
  reports[1].report.gpt2 = table;
  const auto comparison = build_comparison(reports);
  const auto* small = find_row(comparison, "gpt2");
  ASSERT_NE(small, nullptr);
  EXPECT_FALSE(small->cells[0].text.has_value()) << "report A has no gpt2 row";
  EXPECT_EQ(small->cells[1].text, "inference int8 ~16620 tok/s; fine-tune fp32 ~5470 tok/s");
  EXPECT_EQ(small->cells[1].status, CheckStatus::pass);
  const auto* xl = find_row(comparison, "gpt2-xl");
  EXPECT_EQ(xl->cells[2].text, "inference int8 ~1640 tok/s; fine-tune with offload mixed ~457 tok/s");
  EXPECT_EQ(xl->cells[2].status, CheckStatus::warn);
  const auto* huge = find_row(comparison, "gpt2-huge");
  EXPECT_EQ(huge->cells[1].text, "does not fit");
  EXPECT_EQ(huge->cells[1].status, CheckStatus::fail);
}

TEST(Compare, TextShowsMissingValuesAsADashInAlignedColumns) {
  const auto text = render_comparison_text(build_comparison(two_reports()));
  EXPECT_THAT(text, HasSubstr("a.json"));
  EXPECT_THAT(text, HasSubstr("rig-2"));
  EXPECT_THAT(text, HasSubstr("GPU 1 Tesla M40"));
  // The pcie.bar line: A has none, both M40 columns pass.
  std::string line;
  for (std::size_t at = 0, end; at < text.size(); at = end + 1) {
    end = text.find('\n', at);
    if (text.compare(at, 12, "  pcie.bar  ") == 0) line = text.substr(at, end - at);
  }
  ASSERT_FALSE(line.empty()) << text;
  EXPECT_THAT(line, HasSubstr("—"));
  EXPECT_LT(line.find("—"), line.find("pass"));
  // Aligned: the second column starts at the same offset on the header and the verdict line.
  const auto header = text.substr(0, text.find('\n'));
  const auto verdict_at = text.find("  verdict");
  const auto verdict = text.substr(verdict_at, text.find('\n', verdict_at) - verdict_at);
  EXPECT_EQ(header.find("b.json"), verdict.find("  sound") + 2) << text;
}

TEST(Compare, JsonHasNullForMissingValues) {
  const auto json = nlohmann::json::parse(render_comparison_json(build_comparison(two_reports())));
  EXPECT_EQ(json["schema"], "rigcheck.compare/1");
  ASSERT_EQ(json["columns"].size(), 3u);
  EXPECT_EQ(json["columns"][1]["machine"], "rig-2");
  bool seen = false;
  for (const auto& row : json["rows"])
    if (row["label"] == "pcie.bar") {
      seen = true;
      EXPECT_TRUE(row["values"][0].is_null());
      EXPECT_EQ(row["values"][1], "pass");
      EXPECT_EQ(row["statuses"][1], "pass");
    }
  EXPECT_TRUE(seen);
}

TEST(Compare, MarkdownAndHtmlLayouts) {
  auto reports = two_reports();
  reports[1].report.gpus[0].name = "<script>x</script> | pipe";
  const auto table = build_comparison(reports);
  const auto md = render_comparison_markdown(table);
  EXPECT_THAT(md, HasSubstr("\\| pipe"));
  EXPECT_THAT(md, HasSubstr("| pcie.bar | — | pass | pass |"));
  const auto html = render_comparison_html(table);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;x&lt;/script&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, HasSubstr("<span class=\"status status-fail\">unsound</span>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"muted\">—</td>"));
}

TEST(Compare, FormatsAndAReportWithoutGpus) {
  std::vector<LabeledReport> reports{{"empty.json", Report{}}, {"a.json", burn_report()}};
  const auto table = build_comparison(reports);
  ASSERT_EQ(table.columns.size(), 2u);
  EXPECT_FALSE(table.columns[0].gpu_index.has_value());
  EXPECT_THAT(render_comparison_text(table), HasSubstr("no GPU"));
  EXPECT_TRUE(render_comparison(table, "md").ok());
  auto bad = render_comparison(table, "junit");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error(), HasSubstr("text, json, md, html"));
}

}  // namespace
}  // namespace rigcheck
