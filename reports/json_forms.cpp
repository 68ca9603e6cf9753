#include "reports/json_forms.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "reports/json_fields.hpp"
#include "reports/json_text.hpp"

namespace rigcheck::json_fields {
namespace {

struct Form {
  std::string_view pattern;  // for has_form
  std::string_view what;     // "a PCI address"
  std::string_view example;  // "0000:13:00.0"
};
constexpr Form kPciAddress{"xxxx:xx:xx.7", "a PCI address", "0000:13:00.0"};
constexpr Form kUtcTime{"9999-99-99T99:99:99Z", "a UTC time", "2026-12-01T12:00:00Z"};

std::string checked(std::string text, const Form& form, const std::string& where) {
  if (!has_form(text, form.pattern))
    throw FieldError(fmt::format("{}: '{}' is not {} like '{}'", where, printable(text), form.what, form.example));
  return text;
}

}  // namespace

bool has_form(std::string_view text, std::string_view form) {
  if (text.size() != form.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (form[i]) {
      case '9':
        if (c < '0' || c > '9') return false;
        break;
      case '7':
        if (c < '0' || c > '7') return false;
        break;
      case 'x':
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        break;
      default:
        if (c != form[i]) return false;
    }
  }
  return true;
}

std::string get_pci_address(const nlohmann::json& object, const std::string& key, const std::string& path,
                            bool may_be_empty) {
  auto text = get<std::string>(object, key, path);
  if (may_be_empty && text.empty()) return text;
  return checked(std::move(text), kPciAddress, join(path, key));
}

std::optional<std::string> get_optional_pci_address(const nlohmann::json& object, const std::string& key,
                                                    const std::string& path) {
  auto text = get_optional<std::string>(object, key, path);
  if (text) checked(*text, kPciAddress, join(path, key));
  return text;
}

std::optional<std::string> get_optional_compute_capability(const nlohmann::json& object, const std::string& key,
                                                           const std::string& path) {
  auto text = get_optional<std::string>(object, key, path);
  if (!text) return text;
  const auto dot = text->find('.');
  auto digits = [](std::string_view part) {
    return !part.empty() && part.size() <= 3 && part.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (dot == std::string::npos || !digits(std::string_view(*text).substr(0, dot)) ||
      !digits(std::string_view(*text).substr(dot + 1)))
    throw FieldError(fmt::format("{}: '{}' is not a compute capability like '6.1'", join(path, key), printable(*text)));
  return text;
}

std::string get_utc_time(const nlohmann::json& object, const std::string& key, const std::string& path) {
  return checked(get<std::string>(object, key, path), kUtcTime, join(path, key));
}

}  // namespace rigcheck::json_fields
