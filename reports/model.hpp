#pragma once
// The report: facts and measurements (data) plus the checks and verdict that `judge` derives.
// JSON form: "schema": "rigcheck.report/1" (reports/schema/report.schema.json).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reports/check.hpp"
#include "reports/gpt2_table.hpp"
#include "reports/host_facts.hpp"
#include "reports/measurements.hpp"
#include "reports/nvml_facts.hpp"
#include "reports/pci_facts.hpp"
#include "reports/self_check.hpp"

namespace rigcheck {

inline constexpr const char* kReportSchema = "rigcheck.report/1";

struct ToolInfo {
  std::string name = "rigcheck";
  std::string version;
  std::string git;
};

struct GpuEntry {
  int index = 0;
  std::string name;
  std::optional<std::string> uuid;
  std::optional<std::string> serial;
  std::optional<std::string> vbios;
  PciFacts pci;
  std::string backend = "none";  // "cuda" | "vulkan" | "none" (probed only)
  std::optional<std::string> compute_capability;  // "8.6": NVML, else the CUDA device properties
  std::optional<int> sm_count;                     // streaming multiprocessors (CUDA device properties)
  std::optional<std::uint64_t> memory_bytes;
  std::optional<NvmlFacts> nvml;
  std::optional<Telemetry> telemetry;
  Measurements measurements;
  std::optional<SelfChecks> self_checks;  // null: not recorded (an older report): detectors unverified
  std::vector<Check> checks;
};

enum class VerdictStatus { sound, unsound, untested };
std::string_view to_string(VerdictStatus status);
std::optional<VerdictStatus> verdict_status_from_string(std::string_view text);

// One reason behind the verdict, ranked: rank 1 is what to fix first.
struct VerdictReason {
  int rank = 0;
  std::string check_id;
  std::optional<int> gpu_index;
  CheckStatus status = CheckStatus::fail;
  std::string summary;
  std::vector<std::string> advice;
};

struct Verdict {
  VerdictStatus status = VerdictStatus::untested;
  std::vector<VerdictReason> reasons;
};

struct Report {
  std::string schema = kReportSchema;
  ToolInfo tool;
  std::string created_utc;  // ISO 8601, "2026-11-27T20:53:00Z"
  std::string profile = "quick";
  std::string policy = "gpt2-finetune";
  std::vector<std::string> policy_chain;  // the policy file first, then what it extends: {"mine.toml", "gpt2-finetune"}
  bool interrupted = false;        // Ctrl-C: a partial report
  // `run --only`: the check ids the run was restricted to; empty: every check. Checks not named
  // are skipped as "not selected (--only)" and the verdict is at best untested.
  std::vector<std::string> only_checks;
  std::vector<std::string> notes;  // what the run could not do and why (one line each)
  HostFacts host;
  std::optional<NvmlSystemFacts> nvml;  // null when NVML was not probed
  std::vector<GpuEntry> gpus;
  std::vector<Check> system_checks;
  std::optional<Gpt2Table> gpt2;
  Verdict verdict;
};

}  // namespace rigcheck
