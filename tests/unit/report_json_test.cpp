#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reports/judge/judge.hpp"
#include "reports/report_json.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;

Report sample_report() {
  Report report;
  report.tool.version = "0.1.0";
  report.tool.git = "test";
  report.created_utc = "2026-11-27T20:00:00Z";
  report.host.memory_total_bytes = 64ull << 30;
  report.host.kernel_log.source = "test";
  report.host.kernel_log.available = true;
  KernelLogEvent event;
  event.kind = KernelEventKind::xid;
  event.bdf = "0000:13:00";
  event.xid = 79;
  event.line = "NVRM: Xid (PCI:0000:13:00): 79, GPU has fallen off the bus.";
  report.host.kernel_log.events.push_back(event);
  GpuEntry gpu;
  gpu.name = "Tesla P40";
  gpu.pci.bdf = "0000:13:00.0";
  gpu.pci.vendor_id = 0x10de;
  gpu.pci.device_id = 0x1b38;
  gpu.pci.class_code = 0x030200;
  gpu.pci.name = "Tesla P40";
  gpu.pci.name_source = "card-table";
  gpu.pci.bars.push_back(PciBar{1, 0x3800000000, 0x3fffffffff, 0x14220c, 32ull << 30, true, true, true, true, std::nullopt});
  gpu.pci.link = PciLink{8.0, 8.0, 16, 16};
  gpu.pci.aer = AerCounts{{{"RxErr", 2}}, {}, {}, 2, 0, 0};
  gpu.compute_capability = "6.1";
  gpu.sm_count = 30;
  gpu.self_checks = SelfChecks{{SelfCheckKind::vram_detector, "walking-ones", SelfCheckOutcome::passed,
                                 "planted 64 bit flips in 16 words, found exactly those"}};
  report.gpus.push_back(gpu);
  return judge(report, *load_policy("gpt2-finetune"));
}

TEST(ReportJson, RoundTripKeepsEverything) {
  auto report = sample_report();
  auto text = report_to_json_text(report);
  auto loaded = parse_report(text);
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  EXPECT_EQ(report_to_json_text(*loaded), text);
  EXPECT_EQ(loaded->verdict.status, VerdictStatus::unsound);  // Xid 79 fails pcie.errors
}

TEST(ReportJson, SelfChecksRoundTripAndTheirAbsenceIsKept) {
  auto report = sample_report();
  auto back = parse_report(report_to_json_text(report));
  ASSERT_TRUE(back) << back.error();
  ASSERT_TRUE(back->gpus[0].self_checks.has_value());
  ASSERT_EQ(back->gpus[0].self_checks->size(), 1u);
  EXPECT_EQ((*back->gpus[0].self_checks)[0].kind, SelfCheckKind::vram_detector);
  EXPECT_EQ((*back->gpus[0].self_checks)[0].outcome, SelfCheckOutcome::passed);
  EXPECT_EQ((*back->gpus[0].self_checks)[0].subject, "walking-ones");

  report.gpus[0].self_checks.reset();
  back = parse_report(report_to_json_text(report));
  ASSERT_TRUE(back) << back.error();
  EXPECT_FALSE(back->gpus[0].self_checks.has_value());

  auto j = report_to_json(sample_report());
  j["gpus"][0]["self_checks"][0]["outcome"] = "maybe";
  auto bad = report_from_json(j);
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error(), HasSubstr("gpus[0].self_checks[0].outcome"));
}

TEST(ReportJson, ArchitectureFactsRoundTripAndAnOlderReportWithoutThemLoads) {
  auto back = parse_report(report_to_json_text(sample_report()));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->gpus[0].compute_capability, "6.1");
  EXPECT_EQ(back->gpus[0].sm_count, 30);

  auto j = report_to_json(sample_report());
  j["gpus"][0].erase("sm_count");  // written before the SM count was recorded
  auto older = report_from_json(j);
  ASSERT_TRUE(older) << older.error();
  EXPECT_FALSE(older->gpus[0].sm_count);

  j["gpus"][0]["sm_count"] = 0;
  EXPECT_THAT(report_from_json(j).error(), HasSubstr("gpus[0].sm_count"));
}

TEST(ReportJson, MissingFieldIsNamedWithItsPath) {
  auto json = report_to_json(sample_report());
  json["gpus"][0]["pci"].erase("bdf");
  auto loaded = report_from_json(json);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error(), "missing field gpus[0].pci.bdf");
}

TEST(ReportJson, WrongValuesAreNamed) {
  auto json = report_to_json(sample_report());
  json["gpus"][0]["checks"][0]["status"] = "great";
  EXPECT_THAT(report_from_json(json).error(), HasSubstr("gpus[0].checks[0].status: 'great' is not a check status"));
  json = report_to_json(sample_report());
  json["host"]["memory_total_bytes"] = "lots";
  EXPECT_THAT(report_from_json(json).error(), HasSubstr("host.memory_total_bytes: wrong type"));
  json = report_to_json(sample_report());
  json["gpus"][0]["pci"]["vendor_id"] = "zz";
  EXPECT_THAT(report_from_json(json).error(), HasSubstr("not a hexadecimal number"));
}

TEST(ReportJson, TruncatedTextIsRejected) {
  auto text = report_to_json_text(sample_report());
  for (size_t cut : {size_t{1}, text.size() / 3, text.size() - 3}) {
    auto loaded = parse_report(text.substr(0, cut));
    ASSERT_FALSE(loaded.ok());
    EXPECT_THAT(loaded.error(), HasSubstr("not valid JSON"));
  }
}

TEST(Judge, IsPureAndRepeatable) {
  auto once = sample_report();
  auto twice = judge(once, *load_policy("gpt2-finetune"));
  EXPECT_EQ(report_to_json_text(once), report_to_json_text(twice));
}

}  // namespace
}  // namespace rigcheck
