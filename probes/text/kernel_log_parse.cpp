#include "probes/text/kernel_log_parse.hpp"

#include "probes/text/kernel_log_events.hpp"
#include "probes/text/kernel_log_line.hpp"
#include "probes/text/text_util.hpp"

namespace rigcheck {
namespace {

// Lines longer than this are not kernel messages (printk caps a record near 1 KiB); they are cut so
// a pasted binary blob without newlines costs nothing.
constexpr std::size_t kMaxLineChars = 4096;

class Parser {
 public:
  void add(std::string_view raw) {
    if (raw.size() > kMaxLineChars) raw = raw.substr(0, kMaxLineChars);
    auto line = split_log_line(raw);
    switch (line.kind) {
      case LogLineKind::blank:
      case LogLineKind::continuation:
        return;
      case LogLineKind::garbage:
        ++result_.lines_read;
        ++result_.garbage_lines;
        return;
      case LogLineKind::boot_marker:
        new_boot();
        return;
      case LogLineKind::message:
        break;
    }
    ++result_.lines_read;
    if (line.starts_boot) {
      new_boot();
      saw_banner_ = true;
    }
    note_first_stamp(line);
    messages_in_boot_ = true;
    for (auto& event : recognise_kernel_message(line.message)) {
      event.time_s = line.time_s;
      add_event(std::move(event));
    }
  }

  ParsedKernelLog finish() {
    if (saw_banner_ || first_stamp_at_boot_) result_.starts_at_boot = true;
    else if (saw_stamp_) result_.starts_at_boot = false;
    return std::move(result_);
  }

 private:
  void new_boot() {
    if (messages_in_boot_) ++result_.earlier_boots_dropped;
    result_.events.clear();
    messages_in_boot_ = false;
    saw_banner_ = false;
    saw_stamp_ = false;
    first_stamp_at_boot_ = false;
  }

  void note_first_stamp(const LogLine& line) {
    if (saw_stamp_ || !line.time_s) return;
    saw_stamp_ = true;
    // dmesg's first record is stamped 0.000000; /dev/kmsg numbers records from 0.
    first_stamp_at_boot_ = *line.time_s < 1.0 || (line.sequence && *line.sequence == 0);
  }

  // The NVIDIA driver explains an invalid BAR over two or three lines: the header, then
  // "NVRM: BAR1 is 0M @ 0x0 (PCI:...)", then "The system BIOS may have misconfigured your GPU."
  // They become one nvrm_invalid_bar event (with BAR, size, address) and a BIOS event for that GPU.
  void add_event(KernelLogEvent event) {
    auto* last = result_.events.empty() ? nullptr : &result_.events.back();
    bool after_header = last && last->kind == KernelEventKind::nvrm_invalid_bar;
    if (event.kind == KernelEventKind::nvrm_invalid_bar && event.bar && after_header && !last->bar) {
      last->bar = event.bar;
      last->size_bytes = event.size_bytes;
      last->bdf = event.bdf;
      last->line += " " + event.line;
      return;
    }
    if (event.kind == KernelEventKind::nvrm_bios_misconfigured && !event.bdf && after_header) event.bdf = last->bdf;
    result_.events.push_back(std::move(event));
  }

  ParsedKernelLog result_;
  bool messages_in_boot_ = false;
  bool saw_banner_ = false;
  bool saw_stamp_ = false;
  bool first_stamp_at_boot_ = false;
};

}  // namespace

ParsedKernelLog parse_kernel_log(std::string_view text) {
  Parser parser;
  for (auto raw : text::split_lines(text)) parser.add(raw);
  return parser.finish();
}

}  // namespace rigcheck
