// `rigcheck gate`: the output contracts run as each tool runs them (NHC: silent and 0 when healthy,
// one line and non-zero when not; node-problem-detector: 0/1/2 and a message under 80 bytes;
// Prometheus textfile), the state file (missing or corrupt = first run; growth of Xid lines since
// the gate began watching), and the parsing of `scontrol show node`. The drain/resume contract
// against a real Slurm is tests/cluster/slurm_gate_test.sh.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/slurm_node.hpp"
#include "reports/gate/gate_judge.hpp"
#include "reports/judge/judge.hpp"
#include "tests/unit/test_support.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::machine_dir;
using testing::run_rigcheck;

std::vector<std::string> gate_args(const std::string& machine, const std::filesystem::path& state, const std::string& format) {
  return {"gate", "--sysroot", machine_dir(machine), "--state", state.string(), "--format", format};
}

TEST(GateCommand, NhcIsSilentWhenHealthyAndOneLineWhenNot) {
  auto dir = testing::scratch_dir("gate-nhc");
  auto healthy = run_rigcheck(gate_args("p40-healthy", dir / "state.json", "nhc"));
  EXPECT_EQ(healthy.exit_code, 0);
  EXPECT_EQ(healthy.stdout_text, "");
  EXPECT_EQ(healthy.stderr_text, "");
  auto broken = run_rigcheck(gate_args("p40-above4g-off", dir / "state.json", "nhc"));
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_THAT(broken.stdout_text, StartsWith("rigcheck: GPU 1 (0000:13:00.0) pcie.bar: BAR 1 (32 GiB) has no address"));
  EXPECT_EQ(std::count(broken.stdout_text.begin(), broken.stdout_text.end(), '\n'), 1);
}

TEST(GateCommand, NodeProblemDetectorExitCodesAndLength) {
  auto dir = testing::scratch_dir("gate-npd");
  auto ok = run_rigcheck(gate_args("p40-healthy", dir / "state.json", "npd"));
  EXPECT_EQ(ok.exit_code, 0);
  auto problem = run_rigcheck(gate_args("p40-above4g-off", dir / "state.json", "npd"));
  EXPECT_EQ(problem.exit_code, 1);
  EXPECT_LE(problem.stdout_text.size(), 81u);  // 80 bytes and the newline
  EXPECT_THAT(problem.stdout_text, HasSubstr("pcie.bar"));
  auto unknown = run_rigcheck(gate_args("no-gpu", dir / "state.json", "npd"));
  EXPECT_EQ(unknown.exit_code, 2);
}

TEST(GateCommand, PrometheusTextfileWrittenWhole) {
  auto dir = testing::scratch_dir("gate-prom");
  auto prom = dir / "rigcheck.prom";
  auto args = gate_args("p40-above4g-off", dir / "state.json", "prom");
  args.insert(args.end(), {"-o", prom.string()});
  auto run = run_rigcheck(args);
  EXPECT_EQ(run.exit_code, 1);
  auto text = testing::read_file(prom);
  EXPECT_THAT(text, HasSubstr("rigcheck_check_health{gpu=\"1\",UUID=\"\",pci_bus_id=\"0000:13:00.0\""));
  EXPECT_THAT(text, HasSubstr("check=\"gate.xid\"} 0"));
  EXPECT_THAT(text, HasSubstr("rigcheck_last_run_timestamp_seconds"));
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(HasSubstr(".tmp.")));  // no temporary left
}

TEST(GateCommand, MissingOrCorruptStateIsAFirstRun) {
  auto dir = testing::scratch_dir("gate-state");
  auto state = dir / "nested" / "state.json";  // the folder is made
  auto first = run_rigcheck(gate_args("p40-fell-off-bus", state, "json"));
  EXPECT_THAT(first.stdout_text, HasSubstr("first gate run here: 4 Xid lines since boot"));
  ASSERT_TRUE(std::filesystem::exists(state));
  std::ofstream(state) << "{\"schema\": \"rigcheck.gate-state/1\", \"gpus\": [{\"bdf\": 7}]}";
  auto corrupt = run_rigcheck(gate_args("p40-fell-off-bus", state, "nhc"));
  EXPECT_EQ(corrupt.exit_code, 0) << corrupt.stdout_text << corrupt.stderr_text;
  std::ofstream(state, std::ios::trunc) << "\x01 not json";
  EXPECT_EQ(run_rigcheck(gate_args("p40-fell-off-bus", state, "nhc")).exit_code, 0);
}

TEST(GateCommand, BadBudgetIsBadUsage) {
  auto dir = testing::scratch_dir("gate-budget");
  auto args = gate_args("p40-healthy", dir / "state.json", "nhc");
  args.insert(args.end(), {"--budget", "soon"});
  auto run = run_rigcheck(args);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.stderr_text, HasSubstr("--budget soon"));
}

// Counters as a probe would find them: `xid` Xid lines for the P40 at 13:00.0.
Report p40_with_xids(int xid) {
  Report report;
  GpuEntry gpu;
  gpu.index = 0;
  gpu.name = "Tesla P40";
  gpu.pci.bdf = "0000:13:00.0";
  gpu.pci.vendor_id = 0x10de;
  gpu.pci.device_id = 0x1b38;
  gpu.pci.class_code = 0x030200;
  gpu.pci.driver = "nvidia";
  Check bar;
  bar.id = "pcie.bar";
  bar.status = CheckStatus::pass;
  gpu.checks.push_back(bar);
  Check fit;
  fit.id = "gpt2.fit";  // not a gate check: dropped
  fit.status = CheckStatus::fail;
  report.system_checks.push_back(fit);
  report.gpus.push_back(gpu);
  for (int i = 0; i < xid; ++i) {
    KernelLogEvent e;
    e.kind = KernelEventKind::xid;
    e.xid = 79;
    e.bdf = "0000:13:00";
    report.host.kernel_log.events.push_back(e);
  }
  return report;
}

CheckStatus status_of(const Report& r, const std::string& id) {
  for (const auto& c : r.gpus[0].checks)
    if (c.id == id) return c.status;
  return CheckStatus::skip;
}

TEST(GateJudge, NewXidLinesFailUntilRebootAndOldOnesSetTheStart) {
  Policy policy;
  auto first = judge_gate(p40_with_xids(2), std::nullopt, gate_state_from_report(p40_with_xids(2), "boot-a"), policy);
  EXPECT_EQ(first.report.verdict.status, VerdictStatus::sound);
  EXPECT_TRUE(first.report.system_checks.empty());
  EXPECT_EQ(status_of(first.report, "gate.xid"), CheckStatus::pass);

  auto grown = judge_gate(p40_with_xids(3), first.next_state, gate_state_from_report(p40_with_xids(3), "boot-a"), policy);
  EXPECT_EQ(status_of(grown.report, "gate.xid"), CheckStatus::fail);
  EXPECT_EQ(gate_first_reason(grown.report, 200), "GPU 0 (0000:13:00.0) gate.xid: 1 new Xid line(s) in the kernel log since the gate began watching this boot");
  // The starting point is kept: the failure stays on the next run.
  auto again = judge_gate(p40_with_xids(3), grown.next_state, gate_state_from_report(p40_with_xids(3), "boot-a"), policy);
  EXPECT_EQ(status_of(again.report, "gate.xid"), CheckStatus::fail);
  // After a reboot every line is since boot: none here, so healthy.
  auto rebooted = judge_gate(p40_with_xids(0), again.next_state, gate_state_from_report(p40_with_xids(0), "boot-b"), policy);
  EXPECT_EQ(rebooted.report.verdict.status, VerdictStatus::sound);
  EXPECT_EQ(gate_first_reason(grown.report, 10).size(), 10u);
}

TEST(GateState, RoundTripAndCorruption) {
  auto state = gate_state_from_report(p40_with_xids(5), "b1");
  auto parsed = parse_gate_state(gate_state_to_json_text(state));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->gpus.at(0).xid_lines, 5u);
  EXPECT_EQ(parsed->boot_id, "b1");
  EXPECT_FALSE(parse_gate_state(""));
  EXPECT_FALSE(parse_gate_state("{\"schema\": \"other\", \"gpus\": []}"));
  EXPECT_FALSE(parse_gate_state("{\"schema\": \"rigcheck.gate-state/1\", \"gpus\": [{\"bdf\": \"x\"}]}"));
}

TEST(SlurmNode, ParsesStateAndReason) {
  auto node = parse_scontrol_show_node(
      "NodeName=rignode Arch=x86_64 CoresPerSocket=1\n   State=IDLE+DRAIN ThreadsPerCore=1 TmpDisk=0\n"
      "   Reason=rigcheck: GPU 1 (0000:13:00.0) pcie.bar: BAR 1 [root@2026-12-01T11:19:38]\n");
  ASSERT_TRUE(node);
  EXPECT_EQ(node->state, "IDLE+DRAIN");
  EXPECT_EQ(node->reason, "rigcheck: GPU 1 (0000:13:00.0) pcie.bar: BAR 1");
  EXPECT_TRUE(node->drained_by_rigcheck());
  auto admin = parse_scontrol_show_node("   State=MIXED+DRAIN \n   Reason=admin: fan [root@2026-12-01T11:19:38]\n");
  ASSERT_TRUE(admin);
  EXPECT_TRUE(admin->drained());
  EXPECT_FALSE(admin->drained_by_rigcheck());
  auto idle = parse_scontrol_show_node("NodeName=n State=IDLE ThreadsPerCore=1\n");
  ASSERT_TRUE(idle);
  EXPECT_FALSE(idle->drained());
  EXPECT_EQ(idle->reason, "");
  EXPECT_FALSE(parse_scontrol_show_node("slurm_load_node error: Invalid node name specified"));
}

TEST(SlurmNode, NameFromOptionThenEnvironment) {
  EXPECT_EQ(slurm_node_name("given"), "given");
  ::setenv("SLURMD_NODENAME", "from-slurmd", 1);
  EXPECT_EQ(slurm_node_name(""), "from-slurmd");
  ::unsetenv("SLURMD_NODENAME");
  EXPECT_FALSE(slurm_node_name("").empty());
}

}  // namespace
}  // namespace rigcheck
