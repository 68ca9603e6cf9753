#include <nlohmann/json.hpp>

#include "reports/nvml_facts.hpp"

namespace rigcheck {

void to_json(nlohmann::json& j, const NvmlSystemFacts&) { j = nlohmann::json::object(); }
void from_json(const nlohmann::json&, NvmlSystemFacts&) {}
void to_json(nlohmann::json& j, const NvmlFacts&) { j = nlohmann::json::object(); }
void from_json(const nlohmann::json&, NvmlFacts&) {}
void to_json(nlohmann::json& j, const Telemetry&) { j = nlohmann::json::object(); }
void from_json(const nlohmann::json&, Telemetry&) {}

}  // namespace rigcheck
