#pragma once
// Strict field access for loading stored JSON: every failure names the field's path.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

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

template <class T>
T as(const nlohmann::json& value, const std::string& where) {
  try {
    return value.get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw FieldError(where + ": wrong type (" + std::string(value.type_name()) + ")");
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

template <class T>
void put_optional(nlohmann::json& object, const std::string& key, const std::optional<T>& value) {
  object[key] = value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace rigcheck::json_fields
