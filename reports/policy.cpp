#include "reports/policy.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <algorithm>
#include <functional>
#include <map>
#include <sstream>
#include <variant>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

namespace rigcheck {

const std::vector<std::pair<std::string_view, std::string_view>>& builtin_policy_texts();  // generated

namespace {

using Field = std::variant<std::uint64_t*, double*, std::string*, std::vector<std::string>*>;

// Every key a policy file may hold, by dotted path: the one place a new threshold is added.
std::map<std::string, Field> fields_of(Policy& p) {
  return {
      {"name", &p.name},
      {"pcie.errors.correctable_warn_above", &p.pcie_errors.correctable_warn_above},
      {"pcie.errors.nonfatal_fail_above", &p.pcie_errors.nonfatal_fail_above},
      {"pcie.errors.fatal_fail_above", &p.pcie_errors.fatal_fail_above},
      {"pcie.errors.replay_warn_above", &p.pcie_errors.replay_warn_above},
      {"pcie.errors.replay_fail_above", &p.pcie_errors.replay_fail_above},
      {"pcie.link.min_speed_fraction_under_load", &p.pcie_link.min_speed_fraction_under_load},
      {"pcie.bandwidth.warn_below_fraction_of_link", &p.pcie_bandwidth.warn_below_fraction_of_link},
      {"pcie.bandwidth.fail_below_fraction_of_link", &p.pcie_bandwidth.fail_below_fraction_of_link},
      {"vram.ecc.corrected_warn_above", &p.vram_ecc.corrected_warn_above},
      {"power.min_fraction_of_limit", &p.power.min_fraction_of_limit},
      {"power.power_brake_share_fail_above", &p.power.power_brake_share_fail_above},
      {"power.clock_drop_warn_fraction", &p.power.clock_drop_warn_fraction},
      {"thermal.slowdown_margin_warn_celsius", &p.thermal.slowdown_margin_warn_celsius},
      {"thermal.thermal_throttle_share_fail_above", &p.thermal.thermal_throttle_share_fail_above},
      {"thermal.throughput_decline_warn_fraction", &p.thermal.throughput_decline_warn_fraction},
      {"compute.min_fraction_of_peak_warn", &p.compute.min_fraction_of_peak_warn},
      {"host.memory.headroom_bytes", &p.host_memory.headroom_bytes},
      {"gpt2.required", &p.gpt2.required},
      {"baseline.tolerance_fraction", &p.baseline.tolerance_fraction},
  };
}

std::string where(std::string_view origin, const toml::node& node) {
  const auto& src = node.source();
  if (src.begin.line == 0) return std::string(origin);
  return fmt::format("{} line {}", origin, src.begin.line);
}

// Assigns one leaf value to its field; returns an error message or "".
std::string assign(const Field& field, const toml::node& node, const std::string& key, std::string_view origin) {
  auto type_error = [&](std::string_view expected) {
    return fmt::format("{}: key '{}' must be {}", where(origin, node), key, expected);
  };
  return std::visit(
      [&](auto* target) -> std::string {
        using T = std::remove_pointer_t<decltype(target)>;
        if constexpr (std::is_same_v<T, std::uint64_t>) {
          auto v = node.value<std::int64_t>();
          if (!node.is_integer() || !v || *v < 0) return type_error("a non-negative integer");
          *target = static_cast<std::uint64_t>(*v);
        } else if constexpr (std::is_same_v<T, double>) {
          if (!node.is_number()) return type_error("a number");
          *target = *node.value<double>();
        } else if constexpr (std::is_same_v<T, std::string>) {
          if (!node.is_string()) return type_error("a string");
          *target = *node.value<std::string>();
        } else {
          const auto* array = node.as_array();
          if (!array) return type_error("an array of strings");
          target->clear();
          for (const auto& item : *array) {
            if (!item.is_string()) return type_error("an array of strings");
            target->push_back(*item.value<std::string>());
          }
        }
        return {};
      },
      field);
}

std::string walk(const toml::table& table, const std::string& prefix, std::map<std::string, Field>& fields,
                 std::string_view origin) {
  for (const auto& [key, node] : table) {
    std::string path = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* sub = node.as_table()) {
      auto error = walk(*sub, path, fields, origin);
      if (!error.empty()) return error;
      continue;
    }
    auto it = fields.find(path);
    if (it == fields.end()) return fmt::format("{}: unknown key '{}'", where(origin, node), path);
    auto error = assign(it->second, node, path, origin);
    if (!error.empty()) return error;
  }
  return {};
}

}  // namespace

Result<Policy> parse_policy(std::string_view toml_text, std::string_view origin) {
  toml::table table;
  try {
    table = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    return Error{fmt::format("{} line {}: {}", origin, e.source().begin.line, e.description())};
  }
  Policy policy;
  auto fields = fields_of(policy);
  auto error = walk(table, "", fields, origin);
  if (!error.empty()) return Error{error};
  for (const auto& entry : policy.gpt2.required) {
    if (std::count(entry.begin(), entry.end(), ':') != 2)
      return Error{fmt::format("{}: gpt2.required entry '{}' is not model:task:precision", origin, entry)};
  }
  return policy;
}

std::vector<std::string> builtin_policy_names() {
  std::vector<std::string> names;
  for (const auto& [name, text] : builtin_policy_texts()) names.emplace_back(name);
  return names;
}

Result<Policy> load_policy(std::string_view name_or_path) {
  for (const auto& [name, text] : builtin_policy_texts())
    if (name == name_or_path) return parse_policy(text, fmt::format("{} (built-in)", name));
  std::string path(name_or_path);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{fmt::format("policy '{}' is neither a built-in policy ({}) nor a readable file: {}", path,
                             fmt::join(builtin_policy_names(), ", "), std::strerror(errno))};
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_policy(buffer.str(), path);
}

}  // namespace rigcheck
