#include <nlohmann/json.hpp>

#include "reports/gpt2_table.hpp"

namespace rigcheck {

void to_json(nlohmann::json& j, const Gpt2Table&) { j = nlohmann::json::object(); }
void from_json(const nlohmann::json&, Gpt2Table&) {}

}  // namespace rigcheck
