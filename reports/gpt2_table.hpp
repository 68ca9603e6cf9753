#pragma once
// The GPT-2 fit table of a report. Owned by the GPT-2 work; stub for now.
#include <nlohmann/json_fwd.hpp>

namespace rigcheck {

struct Gpt2Table {};

void to_json(nlohmann::json& j, const Gpt2Table& table);
void from_json(const nlohmann::json& j, Gpt2Table& table);

}  // namespace rigcheck
