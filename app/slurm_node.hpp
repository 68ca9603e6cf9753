#pragma once
// The Slurm side of `rigcheck gate --drain/--resume`: which node this is, what slurmctld says
// about it (`scontrol show node`), and the `scontrol update` calls. Parsing is separate from
// running scontrol so it is tested from text.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/result.hpp"

namespace rigcheck {

// Reasons rigcheck sets start with this; --resume touches no other drain (an admin's).
inline constexpr std::string_view kDrainReasonPrefix = "rigcheck:";

struct SlurmNodeState {
  std::string state;   // "IDLE", "IDLE+DRAIN", "MIXED+DRAIN", ...
  std::string reason;  // "" when none
  bool drained() const { return state.find("DRAIN") != std::string::npos; }
  bool drained_by_rigcheck() const { return drained() && std::string_view(reason).starts_with(kDrainReasonPrefix); }
};

// Parses `scontrol show node NAME` output ("State=IDLE+DRAIN ... Reason=rigcheck: ... [root@2026-12-01T11:02:03]").
std::optional<SlurmNodeState> parse_scontrol_show_node(std::string_view text);

// --node, else SLURMD_NODENAME (set for HealthCheckProgram, Prolog and Epilog), else the short host name.
std::string slurm_node_name(const std::string& explicit_name);

struct CommandOutput {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `scontrol` (from PATH, or $RIGCHECK_SCONTROL) with `args`, no shell.
Result<CommandOutput> run_scontrol(const std::vector<std::string>& args);

}  // namespace rigcheck
