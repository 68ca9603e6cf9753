#include "reports/json_text.hpp"

#include <vector>

#include <fmt/format.h>

namespace rigcheck {
namespace {

using nlohmann::json;

// nlohmann's DOM builder, plus the path of the value being parsed, so that a number that
// overflows a double can be named ("gpus[1].pci.bars[0].size_bytes").
class PathTrackingBuilder : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  using Base = nlohmann::detail::json_sax_dom_parser<json>;
  explicit PathTrackingBuilder(json& result) : Base(result, true) {}

  bool null() { return arrived() && Base::null(); }
  bool boolean(bool value) { return arrived() && Base::boolean(value); }
  bool number_integer(json::number_integer_t value) { return arrived() && Base::number_integer(value); }
  bool number_unsigned(json::number_unsigned_t value) { return arrived() && Base::number_unsigned(value); }
  bool number_float(json::number_float_t value, const json::string_t& text) {
    return arrived() && Base::number_float(value, text);
  }
  bool string(json::string_t& value) { return arrived() && Base::string(value); }
  bool binary(json::binary_t& value) { return arrived() && Base::binary(value); }
  bool start_object(std::size_t size) {
    arrived();
    frames_.push_back({false, 0, 0, {}});
    return Base::start_object(size);
  }
  bool key(json::string_t& value) {
    frames_.back().key = value;
    return Base::key(value);
  }
  bool end_object() {
    frames_.pop_back();
    return Base::end_object();
  }
  bool start_array(std::size_t size) {
    arrived();
    frames_.push_back({true, 0, 0, {}});
    return Base::start_array(size);
  }
  bool end_array() {
    frames_.pop_back();
    return Base::end_array();
  }

  // Where the value that failed would have gone.
  std::string path() const {
    std::string out;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      const auto& f = frames_[i];
      bool innermost = i + 1 == frames_.size();
      if (f.array)
        out += fmt::format("[{}]", innermost ? f.next_index : f.current_index);
      else
        out += (out.empty() ? "" : ".") + f.key;
    }
    return out;
  }

 private:
  struct Frame {
    bool array;
    std::size_t next_index;
    std::size_t current_index;
    std::string key;
  };
  bool arrived() {
    if (!frames_.empty() && frames_.back().array) frames_.back().current_index = frames_.back().next_index++;
    return true;
  }
  std::vector<Frame> frames_;
};

bool valid_utf8_sequence(std::string_view text, std::size_t at, std::size_t& length) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(at);
  length = lead >= 0xf5 ? 0 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 && lead <= 0xdf ? 2 : 0;
  if (length == 0 || at + length > text.size()) return false;
  for (std::size_t i = 1; i < length; ++i)
    if ((byte(at + i) & 0xc0) != 0x80) return false;
  return true;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else if (c >= 0x80 && valid_utf8_sequence(text, i, length)) {
      out.append(text.substr(i, length));
    } else {
      out += fmt::format("\\x{:02x}", c);
      length = 1;
    }
    i += length;
  }
  return out;
}

Result<json> parse_json_text(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return Error{"empty file, not a JSON report"};
  json result;
  PathTrackingBuilder builder(result);
  try {
    json::sax_parse(text, &builder);
  } catch (const json::out_of_range& e) {
    // nlohmann reports 1e400 as "number overflow": name the field instead.
    return Error{fmt::format("{}: number out of range ({})", builder.path().empty() ? "top level" : builder.path(),
                             printable(e.what()))};
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    auto colon = what.rfind(" - ");
    auto reason = colon == std::string::npos ? what : what.substr(colon + 3);
    if (reason.find("UTF-8") != std::string::npos)
      return Error{fmt::format("invalid UTF-8 at byte {}{}", e.byte,
                                 builder.path().empty() ? "" : fmt::format(" (in {})", builder.path()))};
    return Error{fmt::format("not valid JSON (truncated or corrupt) at byte {}: {}", e.byte, printable(reason))};
  } catch (const json::exception& e) {
    return Error{fmt::format("not valid JSON: {}", printable(e.what()))};
  }
  return result;
}

}  // namespace rigcheck
