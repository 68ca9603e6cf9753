#include "reports/gate/gate_state.hpp"

#include <nlohmann/json.hpp>

namespace rigcheck {
namespace {

bool names_gpu(const KernelLogEvent& event, const std::string& bdf) {
  // Xid lines name "0000:13:00" (no function): a prefix of the GPU's address.
  return event.bdf && !event.bdf->empty() && bdf.starts_with(*event.bdf);
}

void add_aer(GpuErrorCounters& c, const std::optional<AerCounts>& aer) {
  if (!aer) return;
  c.aer_correctable += aer->total_correctable.value_or(0);
  c.aer_nonfatal += aer->total_nonfatal.value_or(0);
  c.aer_fatal += aer->total_fatal.value_or(0);
}

}  // namespace

GateState gate_state_from_report(const Report& report, std::optional<std::string> boot_id) {
  GateState state;
  state.boot_id = std::move(boot_id);
  for (const auto& gpu : report.gpus) {
    GpuErrorCounters c;
    c.bdf = gpu.pci.bdf;
    for (const auto& event : report.host.kernel_log.events)
      if ((event.kind == KernelEventKind::xid || event.kind == KernelEventKind::fallen_off_bus) && names_gpu(event, c.bdf))
        ++c.xid_lines;
    add_aer(c, gpu.pci.aer);
    add_aer(c, gpu.pci.root_port_aer);
    state.gpus.push_back(std::move(c));
  }
  return state;
}

std::string gate_state_to_json_text(const GateState& state) {
  nlohmann::json gpus = nlohmann::json::array();
  for (const auto& c : state.gpus)
    gpus.push_back({{"bdf", c.bdf},
                    {"xid_lines", c.xid_lines},
                    {"aer_correctable", c.aer_correctable},
                    {"aer_nonfatal", c.aer_nonfatal},
                    {"aer_fatal", c.aer_fatal}});
  nlohmann::json j = {{"schema", kGateStateSchema},
                      {"boot_id", state.boot_id ? nlohmann::json(*state.boot_id) : nlohmann::json(nullptr)},
                      {"gpus", gpus}};
  return j.dump(2) + "\n";
}

std::optional<GateState> parse_gate_state(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || j.value("schema", "") != kGateStateSchema || !j.contains("gpus") || !j["gpus"].is_array())
    return std::nullopt;
  try {
    GateState state;
    if (j.contains("boot_id") && j["boot_id"].is_string()) state.boot_id = j["boot_id"].get<std::string>();
    for (const auto& g : j["gpus"]) {
      GpuErrorCounters c;
      c.bdf = g.at("bdf").get<std::string>();
      c.xid_lines = g.at("xid_lines").get<std::uint64_t>();
      c.aer_correctable = g.at("aer_correctable").get<std::uint64_t>();
      c.aer_nonfatal = g.at("aer_nonfatal").get<std::uint64_t>();
      c.aer_fatal = g.at("aer_fatal").get<std::uint64_t>();
      state.gpus.push_back(std::move(c));
    }
    return state;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace rigcheck
