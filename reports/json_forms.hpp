#pragma once
// Stored strings that must have a form, read strictly: the fields the report schema gives a
// pattern (a PCI address, a UTC time) are held to it on load, so that a report re-judged and
// written again still validates. A string of another form is a json_fields::FieldError naming
// the field and the form expected.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace rigcheck::json_fields {

// `text` has the shape of `form`: '9' a decimal digit, 'x' a lower-case hex digit, '7' a digit
// 0-7, any other character itself.
bool has_form(std::string_view text, std::string_view form);

// "0000:13:00.0" (domain:bus:device.function); `may_be_empty`: "" too (a device without one).
std::string get_pci_address(const nlohmann::json& object, const std::string& key, const std::string& path,
                            bool may_be_empty);
std::optional<std::string> get_optional_pci_address(const nlohmann::json& object, const std::string& key,
                                                    const std::string& path);
// "6.1": major.minor, digits only (a CUDA compute capability).
std::optional<std::string> get_optional_compute_capability(const nlohmann::json& object, const std::string& key,
                                                           const std::string& path);
// "2026-12-01T12:00:00Z".
std::string get_utc_time(const nlohmann::json& object, const std::string& key, const std::string& path);

}  // namespace rigcheck::json_fields
