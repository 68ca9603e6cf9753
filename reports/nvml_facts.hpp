#pragma once
// NVML facts and telemetry (filled by probes/nvml). Owned by the NVML work; stub for now.
#include <nlohmann/json_fwd.hpp>

namespace rigcheck {

// Machine-wide NVML state: loaded or not and why, init result, driver/NVML versions.
struct NvmlSystemFacts {};
// Per-GPU facts read once.
struct NvmlFacts {};
struct Telemetry {};

void to_json(nlohmann::json& j, const NvmlSystemFacts& facts);
void from_json(const nlohmann::json& j, NvmlSystemFacts& facts);
void to_json(nlohmann::json& j, const NvmlFacts& facts);
void from_json(const nlohmann::json& j, NvmlFacts& facts);
void to_json(nlohmann::json& j, const Telemetry& telemetry);
void from_json(const nlohmann::json& j, Telemetry& telemetry);

}  // namespace rigcheck
