#pragma once
// Strict field access for loading stored JSON: every failure names the field's path.
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

namespace rigcheck::json_fields {

// Thrown while loading; report_from_json turns it into a Result error.
struct FieldError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

inline const nlohmann::json& required(const nlohmann::json& object, const std::string& key,
                                      const std::string& path) {
  if (!object.is_object()) throw FieldError(path + ": expected an object");
  auto it = object.find(key);
  if (it == object.end()) throw FieldError("missing field " + join(path, key));
  return *it;
}

// "path[i]": the path of one element of an array.
inline std::string element(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

// A required field that must be an array.
inline const nlohmann::json& array_field(const nlohmann::json& object, const std::string& key,
                                         const std::string& path) {
  const auto& j = required(object, key, path);
  if (!j.is_array()) throw FieldError(join(path, key) + ": expected an array");
  return j;
}

// Numbers in a stored report are physical quantities, counts and sizes: nothing rigcheck records
// comes near 1e18 in its unit, so a larger magnitude is a corrupt or hostile file, never data.
inline constexpr double kMaxStoredMagnitude = 1e18;

// The key a path ends with: "gpus[1].pci.bars[0].size_bytes" -> "size_bytes".
inline std::string_view last_key(std::string_view where) {
  auto dot = where.rfind('.');
  auto key = dot == std::string_view::npos ? where : where.substr(dot + 1);
  return key.substr(0, key.find('['));
}

inline bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Keys whose unit cannot go below zero: times, sizes, rates, clocks, throughputs, spreads.
inline bool is_non_negative_key(std::string_view key) {
  for (std::string_view suffix : {"_s", "_bytes", "_us", "_mhz", "_gbps", "_gts", "_watts", "_lanes", "_fraction"})
    if (ends_with(key, suffix)) return true;
  for (std::string_view prefix : {"tflops", "flops"})
    if (key.substr(0, prefix.size()) == prefix) return true;
  for (std::string_view exact : {"relative_stdev", "max_abs_error", "tolerance"})
    if (key == exact) return true;
  return false;
}

// One number, checked against its C++ type and its key's range: "-1" for a size, 1e308, 2.5
// for a count and 1e400 are errors naming the field, never a wrapped or truncated value.
template <class T>
T number_as(const nlohmann::json& value, const std::string& where) {
  if (!value.is_number()) throw FieldError(where + ": wrong type (" + std::string(value.type_name()) + ")");
  if constexpr (std::is_integral_v<T>) {
    if (value.is_number_float()) throw FieldError(where + ": " + value.dump() + " is not an integer");
    if (value.is_number_unsigned()) {
      auto v = value.get<std::uint64_t>();
      if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
        throw FieldError(where + ": " + value.dump() + " is out of range");
      return static_cast<T>(v);
    }
    auto v = value.get<std::int64_t>();
    if (v < 0 && std::is_unsigned_v<T>)
      throw FieldError(where + ": " + value.dump() + " is negative; a count or size is meant");
    if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
        (std::is_signed_v<T> && v > static_cast<std::int64_t>(std::numeric_limits<T>::max())))
      throw FieldError(where + ": " + value.dump() + " is out of range");
    return static_cast<T>(v);
  } else {
    auto v = value.get<double>();
    if (!std::isfinite(v) || std::fabs(v) > kMaxStoredMagnitude)
      throw FieldError(where + ": " + value.dump() + " is out of range");
    if (v < 0 && is_non_negative_key(last_key(where)))
      throw FieldError(where + ": " + value.dump() + " is negative");
    return static_cast<T>(v);
  }
}

template <class T>
inline constexpr bool is_number_v = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;
// std::vector<number> and std::map<std::string, number>: checked element by element.
template <class T>
struct is_number_vector : std::false_type {};
template <class T>
struct is_number_vector<std::vector<T>> : std::bool_constant<is_number_v<T>> {};
template <class T>
struct is_number_map : std::false_type {};
template <class T>
struct is_number_map<std::map<std::string, T>> : std::bool_constant<is_number_v<T>> {};

template <class T>
T as(const nlohmann::json& value, const std::string& where) {
  if constexpr (is_number_v<T>) {
    return number_as<T>(value, where);
  } else if constexpr (is_number_vector<T>::value) {
    if (!value.is_array()) throw FieldError(where + ": expected an array");
    T out;
    for (std::size_t i = 0; i < value.size(); ++i)
      out.push_back(number_as<typename T::value_type>(value[i], where + "[" + std::to_string(i) + "]"));
    return out;
  } else if constexpr (is_number_map<T>::value) {
    if (!value.is_object()) throw FieldError(where + ": expected an object");
    T out;
    for (const auto& [key, item] : value.items()) out[key] = number_as<typename T::mapped_type>(item, where + "." + key);
    return out;
  } else {
    try {
      return value.get<T>();
    } catch (const nlohmann::json::exception& e) {
      throw FieldError(where + ": wrong type (" + std::string(value.type_name()) + ")");
    }
  }
}

template <class T>
T get(const nlohmann::json& object, const std::string& key, const std::string& path) {
  return as<T>(required(object, key, path), join(path, key));
}

// Optional fields: absent or null -> nullopt.
template <class T>
std::optional<T> get_optional(const nlohmann::json& object, const std::string& key,
                              const std::string& path) {
  if (!object.is_object()) throw FieldError(path + ": expected an object");
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  return as<T>(*it, join(path, key));
}

// A number that must lie in [lowest, highest] (a GPU index, a BAR number, a lane count).
template <class T>
T within(T value, T lowest, T highest, const std::string& where) {
  if (value < lowest || value > highest)
    throw FieldError(where + ": " + std::to_string(value) + " is out of range (" + std::to_string(lowest) + " to " +
                     std::to_string(highest) + ")");
  return value;
}
template <class T>
T get_within(const nlohmann::json& object, const std::string& key, const std::string& path, T lowest, T highest) {
  return within(get<T>(object, key, path), lowest, highest, join(path, key));
}
template <class T>
std::optional<T> get_optional_within(const nlohmann::json& object, const std::string& key, const std::string& path,
                                     T lowest, T highest) {
  auto value = get_optional<T>(object, key, path);
  if (value) within(*value, lowest, highest, join(path, key));
  return value;
}

template <class T>
void put_optional(nlohmann::json& object, const std::string& key, const std::optional<T>& value) {
  object[key] = value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace rigcheck::json_fields
