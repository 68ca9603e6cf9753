// Every sample in tests/fixtures/kernel-logs/, in every pasted format, gives the same diagnosis.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "probes/text/kernel_log_parse.hpp"
#include "probes/text/text_util.hpp"
#include "test_files.hpp"

namespace rigcheck {
namespace {

using K = KernelEventKind;
using testing::kernel_log_fixture;
using testing::read_whole;

struct Situation {
  std::string name;
  std::vector<K> kinds;
};

const std::vector<Situation>& situations() {
  static const std::vector<Situation> all{
      {"above4g",
       {K::bar_assign_failed, K::bar_assign_failed, K::bar_assign_failed, K::bar_assign_failed, K::nvrm_invalid_bar,
        K::nvrm_bios_misconfigured, K::nvidia_probe_failed}},
      {"above4g-newkernel",
       {K::bar_assign_failed, K::bar_assign_failed, K::nvrm_invalid_bar, K::nvrm_bios_misconfigured,
        K::nvidia_probe_failed}},
      {"power-cables",
       {K::power_cables_missing, K::rm_init_adapter_failed, K::power_cables_missing, K::rm_init_adapter_failed}},
      {"xid79", {K::xid, K::xid, K::fallen_off_bus, K::fallen_off_bus}},
      {"aer-corrected", {K::aer_error, K::aer_error}},
      {"healthy", {}},
  };
  return all;
}

const std::vector<std::string> kFormats{"kmsg", "dmesg", "dmesg-nostamp", "dmesg-T", "journalctl"};

bool format_has_boot_time(const std::string& format) { return format == "kmsg" || format == "dmesg"; }

struct Case {
  Situation situation;
  std::string format;
};

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const auto& s : situations())
    for (const auto& f : kFormats) cases.push_back({s, f});
  return cases;
}

class KernelLogFixture : public ::testing::TestWithParam<Case> {
 protected:
  ParsedKernelLog parse() const {
    return parse_kernel_log(read_whole(kernel_log_fixture(GetParam().situation.name + "." + GetParam().format + ".txt")));
  }
  // One message per line in the bare dmesg form.
  std::uint64_t message_count() const {
    auto text = read_whole(kernel_log_fixture(GetParam().situation.name + ".dmesg-nostamp.txt"));
    return static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
  }
};

TEST_P(KernelLogFixture, GivesTheSituationsEvents) {
  auto parsed = parse();
  std::vector<K> kinds;
  for (const auto& e : parsed.events) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, GetParam().situation.kinds);
  EXPECT_EQ(parsed.lines_read, message_count());
  EXPECT_EQ(parsed.garbage_lines, 0u);
  EXPECT_EQ(parsed.earlier_boots_dropped, 0);
  EXPECT_EQ(parsed.starts_at_boot, true);
  for (const auto& e : parsed.events) {
    EXPECT_EQ(e.time_s.has_value(), format_has_boot_time(GetParam().format)) << e.line;
    EXPECT_FALSE(e.line.empty());
    EXPECT_EQ(e.line.find("kernel:"), std::string::npos) << "prefix left in " << e.line;
    EXPECT_NE(e.line.front(), '[') << "stamp left in " << e.line;
  }
}

TEST_P(KernelLogFixture, SurvivesWindowsLineEnds) {
  auto text = read_whole(kernel_log_fixture(GetParam().situation.name + "." + GetParam().format + ".txt"));
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf.push_back('\r');
    crlf.push_back(c);
  }
  auto parsed = parse_kernel_log(crlf);
  auto expected = parse();
  ASSERT_EQ(parsed.events.size(), expected.events.size());
  for (std::size_t i = 0; i < parsed.events.size(); ++i) EXPECT_EQ(parsed.events[i].line, expected.events[i].line);
}

TEST_P(KernelLogFixture, TruncatedAnywhereNeverCrashes) {
  auto text = read_whole(kernel_log_fixture(GetParam().situation.name + "." + GetParam().format + ".txt"));
  for (std::size_t cut = 0; cut < text.size(); cut += 37) {
    auto parsed = parse_kernel_log(std::string_view(text).substr(0, cut));
    EXPECT_LE(parsed.events.size(), GetParam().situation.kinds.size());
  }
}

INSTANTIATE_TEST_SUITE_P(AllSamples, KernelLogFixture, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           auto name = param_info.param.situation.name + "_" + param_info.param.format;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(KernelLogFixtures, Above4GDetails) {
  auto parsed = parse_kernel_log(read_whole(kernel_log_fixture("above4g.dmesg.txt")));
  ASSERT_EQ(parsed.events.size(), 7u);
  const auto& bar1 = parsed.events[0];
  EXPECT_EQ(bar1.bdf, "0000:13:00.0");
  EXPECT_EQ(bar1.bar, 1);
  EXPECT_EQ(bar1.size_bytes, 32ull << 30);
  ASSERT_TRUE(bar1.time_s);
  EXPECT_DOUBLE_EQ(*bar1.time_s, 0.402215);
  EXPECT_EQ(parsed.events[2].bar, 3);
  EXPECT_EQ(parsed.events[2].size_bytes, 32ull << 20);
  const auto& nvrm = parsed.events[4];
  EXPECT_EQ(nvrm.bar, 1);
  EXPECT_EQ(nvrm.size_bytes, 0u);
  EXPECT_EQ(nvrm.bdf, "0000:13:00.0");
  EXPECT_EQ(nvrm.line,
            "NVRM: This PCI I/O region assigned to your NVIDIA device is invalid: NVRM: BAR1 is 0M @ 0x0 (PCI:0000:13:00.0)");
  EXPECT_EQ(parsed.events[5].bdf, "0000:13:00.0");  // the BIOS line names the GPU of the lines before it
  EXPECT_EQ(parsed.events[6].code, "-1");
}

TEST(KernelLogFixtures, PowerCablesDetails) {
  auto parsed = parse_kernel_log(read_whole(kernel_log_fixture("power-cables.journalctl.txt")));
  ASSERT_EQ(parsed.events.size(), 4u);
  EXPECT_EQ(parsed.events[0].bdf, "0000:13:00.0");
  EXPECT_EQ(parsed.events[1].code, "0x24:0x1c:1447");
  EXPECT_EQ(parsed.events[1].bdf, "0000:13:00.0");
}

TEST(KernelLogFixtures, XidDetails) {
  auto parsed = parse_kernel_log(read_whole(kernel_log_fixture("xid79.kmsg.txt")));
  ASSERT_EQ(parsed.events.size(), 4u);
  EXPECT_EQ(parsed.events[0].xid, 13);
  EXPECT_EQ(parsed.events[1].xid, 79);
  EXPECT_EQ(parsed.events[1].bdf, "0000:13:00");
  ASSERT_TRUE(parsed.events[1].time_s);
  EXPECT_NEAR(*parsed.events[1].time_s, 2417.009133, 1e-6);
  EXPECT_EQ(parsed.events[3].bdf, "0000:13:00.0");
}

TEST(KernelLogFixtures, AerDetails) {
  auto parsed = parse_kernel_log(read_whole(kernel_log_fixture("aer-corrected.dmesg-T.txt")));
  ASSERT_EQ(parsed.events.size(), 2u);
  for (const auto& e : parsed.events) {
    EXPECT_EQ(e.severity, "Corrected");
    EXPECT_EQ(e.bdf, "0000:05:00.0");
  }
}

TEST(KernelLogFixtures, JournalOfTwoBootsJudgesTheLastOnly) {
  auto parsed = parse_kernel_log(read_whole(kernel_log_fixture("two-boots.journalctl.txt")));
  EXPECT_TRUE(parsed.events.empty());
  EXPECT_EQ(parsed.earlier_boots_dropped, 1);
  EXPECT_EQ(parsed.starts_at_boot, true);
}

}  // namespace
}  // namespace rigcheck
