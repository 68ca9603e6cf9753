#pragma once
// Raw measurements of one GPU (VRAM test, bandwidth, ...). Owned by the backend work; stub for now.
#include <nlohmann/json_fwd.hpp>

namespace rigcheck {

struct Measurements {};

void to_json(nlohmann::json& j, const Measurements& measurements);
void from_json(const nlohmann::json& j, Measurements& measurements);

}  // namespace rigcheck
