#include "reports/judge/check_listing.hpp"

#include <string_view>
#include <utility>

#include <toml++/toml.h>

#include "reports/judge/rule.hpp"

namespace rigcheck {

// Generated from reports/policies/*.toml (reports/CMakeLists.txt); the first is the default.
const std::vector<std::pair<std::string_view, std::string_view>>& builtin_policy_texts();

namespace {

constexpr std::string_view kDefaultPolicy = "gpt2-finetune";

void collect_keys(const toml::table& table, const std::string& prefix, std::vector<std::string>& keys) {
  for (const auto& [key, node] : table) {
    const std::string path = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* sub = node.as_table())
      collect_keys(*sub, path, keys);
    else if (path != "name")
      keys.push_back(path);
  }
}

// The table part of "power.min_fraction_of_limit" is "power": the key's owner when it equals the
// check id or is a prefix of it at a dot.
bool sets_threshold_of(const std::string& key, const std::string& check_id) {
  const auto table = key.substr(0, key.rfind('.'));
  return check_id == table || (check_id.starts_with(table) && check_id[table.size()] == '.');
}

CheckListing listing(std::string id, std::string_view judges, const std::vector<std::string>& keys) {
  CheckListing out{std::move(id), std::string(judges), {}};
  for (const auto& key : keys)
    if (sets_threshold_of(key, out.id)) out.policy_keys.push_back(key);
  return out;
}

}  // namespace

std::vector<std::string> default_policy_keys() {
  std::vector<std::string> keys;
  for (const auto& [name, text] : builtin_policy_texts())
    if (name == kDefaultPolicy) collect_keys(toml::parse(text, name), "", keys);  // a build input: valid
  return keys;
}

std::vector<CheckListing> check_listing() {
  const auto keys = default_policy_keys();
  std::vector<CheckListing> out;
  for (const auto& rule : gpu_rules())
    for (const auto& made : rule.makes) out.push_back(listing(std::string(made.id), rule.description, keys));
  for (const auto& rule : system_rules()) out.push_back(listing(std::string(rule.id), rule.description, keys));
  for (const auto& other : other_checks())
    out.push_back(listing(std::string(other.check.id), other.description, keys));
  return out;
}

}  // namespace rigcheck
