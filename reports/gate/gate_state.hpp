#pragma once
// What `rigcheck gate` remembers between runs: per GPU, the error counters that only grow while
// the machine is up (Xid lines in the kernel log, AER totals of the card and its root port), and
// the boot they belong to. Growth since the last run is what a periodic health check judges: an
// error logged once at boot would otherwise drain a node until the next reboot. JSON form
// "rigcheck.gate-state/1" (docs/cluster.md); parsing is separate from the file I/O (app/cmd_gate.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/model.hpp"

namespace rigcheck {

inline constexpr const char* kGateStateSchema = "rigcheck.gate-state/1";

struct GpuErrorCounters {
  std::string bdf;
  std::uint64_t xid_lines = 0;        // Xid and "fallen off the bus" lines naming this GPU
  std::uint64_t aer_correctable = 0;  // card + root port, TOTAL_ERR_* since boot
  std::uint64_t aer_nonfatal = 0;
  std::uint64_t aer_fatal = 0;
};

struct GateState {
  std::optional<std::string> boot_id;  // /proc/sys/kernel/random/boot_id when readable
  std::vector<GpuErrorCounters> gpus;
};

// The counters of a probed (unjudged or judged) report.
GateState gate_state_from_report(const Report& report, std::optional<std::string> boot_id);

std::string gate_state_to_json_text(const GateState& state);
// Nullopt for anything that is not a well-formed state: a corrupt file means "first run".
std::optional<GateState> parse_gate_state(std::string_view text);

}  // namespace rigcheck
