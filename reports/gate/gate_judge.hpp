#pragma once
// The health-check judgement of `rigcheck gate`: the checks of a full judgement that fit a
// periodic check between jobs (BAR, driver, link, ECC and retired pages), plus the growth of the
// error counters since the gate started watching this boot (gate.xid, gate.aer), and the verdict
// over those alone. Pure: the previous state is read by the caller; nullopt means first run.
#include <optional>
#include <string>
#include <string_view>

#include "reports/gate/gate_state.hpp"
#include "reports/model.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

// The checks of judge() that a gate keeps (one table; docs/cluster.md lists them).
bool is_gate_check(std::string_view check_id);

struct GateJudgement {
  Report report;         // the gate's checks and verdict
  GateState next_state;  // what to save for the next run: the counters new errors count from
};

// `judged`: the output of judge() on a probe of this machine; `current`: its counters now.
GateJudgement judge_gate(Report judged, const std::optional<GateState>& previous, const GateState& current,
                         const Policy& policy);

// One line for a scheduler: "GPU 1 (0000:13:00.0) pcie.bar: BAR 1 ...", or "" when sound. At most
// `max_bytes` bytes (cut at a character boundary).
std::string gate_first_reason(const Report& gate_report, std::size_t max_bytes);

}  // namespace rigcheck
