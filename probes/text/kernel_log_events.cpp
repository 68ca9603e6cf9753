#include "probes/text/kernel_log_events.hpp"

#include <cctype>

#include <fmt/format.h>

#include "probes/text/text_util.hpp"

namespace rigcheck {
namespace {

using text::bdf_at;
using text::find_bdf;
using text::leading_decimal;
using text::leading_hex;

bool contains(std::string_view s, std::string_view needle) { return s.find(needle) != std::string_view::npos; }

KernelLogEvent make_event(KernelEventKind kind, std::string_view message) {
  KernelLogEvent event;
  event.kind = kind;
  event.line = std::string(message);
  return event;
}

// "BAR 1" -> 1 (kernel resource messages name BARs "BAR <n>").
std::optional<int> bar_index(std::string_view message) {
  auto pos = message.find("BAR ");
  if (pos == std::string_view::npos) return std::nullopt;
  std::size_t used = 0;
  auto index = leading_decimal(message.substr(pos + 4), used);
  if (!index || *index > 16) return std::nullopt;
  return static_cast<int>(*index);
}

// "[mem size 0x800000000 64bit pref]" gives the size; "[mem 0x00000000-0x7ffffffff 64bit pref]" gives
// start and end, size = end - start + 1 (the kernel prints an unplaced BAR as 0..size-1).
std::optional<std::uint64_t> resource_size_bytes(std::string_view message) {
  std::size_t used = 0;
  if (auto pos = message.find("size 0x"); pos != std::string_view::npos)
    return leading_hex(message.substr(pos + 5), used);
  auto pos = message.find("[mem 0x");
  if (pos == std::string_view::npos) return std::nullopt;
  auto range = message.substr(pos + 5);
  auto start = leading_hex(range, used);
  if (!start || used >= range.size() || range[used] != '-') return std::nullopt;
  auto end = leading_hex(range.substr(used + 1), used);
  if (!end || *end < *start) return std::nullopt;
  return *end - *start + 1;
}

KernelLogEvent bar_event(KernelEventKind kind, std::string_view message) {
  auto event = make_event(kind, message);
  event.bdf = find_bdf(message);
  event.bar = bar_index(message);
  event.size_bytes = resource_size_bytes(message);
  return event;
}

// "NVRM: BAR1 is 0M @ 0x0 (PCI:0000:13:00.0)" (nv-pci.c prints the size in MiB).
std::optional<KernelLogEvent> nvrm_bar_detail(std::string_view message) {
  auto pos = message.find("NVRM: BAR");
  if (pos == std::string_view::npos) return std::nullopt;
  auto rest = message.substr(pos + 9);
  std::size_t used = 0;
  auto index = leading_decimal(rest, used);
  if (!index || !rest.substr(used).starts_with(" is ")) return std::nullopt;
  rest.remove_prefix(used + 4);
  auto mib = leading_decimal(rest, used);
  if (!mib || used >= rest.size() || rest[used] != 'M') return std::nullopt;
  auto event = make_event(KernelEventKind::nvrm_invalid_bar, message);
  event.bar = static_cast<int>(*index);
  event.size_bytes = *mib * 1024 * 1024;
  event.bdf = find_bdf(message);
  return event;
}

// "NVRM: Xid (PCI:0000:13:00): 79, pid=..., GPU has fallen off the bus." The address has no function.
std::optional<KernelLogEvent> xid_event(std::string_view message) {
  auto pos = message.find("Xid (");
  if (pos == std::string_view::npos) return std::nullopt;
  auto rest = message.substr(pos + 5);
  auto close = rest.find("):");
  if (close == std::string_view::npos || close > 24) return std::nullopt;
  auto address = rest.substr(0, close);
  if (address.starts_with("PCI:")) address.remove_prefix(4);
  auto after = rest.substr(close + 2);
  while (!after.empty() && after.front() == ' ') after.remove_prefix(1);
  std::size_t used = 0;
  auto number = leading_decimal(after, used);
  if (!number || *number > 100000) return std::nullopt;
  auto event = make_event(KernelEventKind::xid, message);
  event.xid = static_cast<int>(*number);
  if (!address.empty()) {
    std::string lower;
    for (char c : address) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    event.bdf = lower;
  }
  return event;
}

// The error source of an AER report: "received: 0000:13:00.0", "received from 0000:13:00.0" (6.10+),
// or before 4.x "received: id=0018" (bus << 8 | device << 3 | function, in the reporting port's domain).
std::optional<std::string> aer_source(std::string_view message) {
  for (std::string_view marker : {"received: ", "received from "}) {
    auto pos = message.find(marker);
    if (pos == std::string_view::npos) continue;
    auto start = pos + marker.size();
    if (auto bdf = bdf_at(message, start)) return bdf;
    if (message.substr(start).starts_with("id=")) {
      std::size_t used = 0;
      auto id = leading_hex(message.substr(start + 3), used);
      if (!id || *id > 0xffff) return std::nullopt;
      auto port = find_bdf(message);
      std::string domain = port ? port->substr(0, 4) : "0000";
      return fmt::format("{}:{:02x}:{:02x}.{:x}", domain, *id >> 8, (*id >> 3) & 0x1f, *id & 0x7);
    }
  }
  return std::nullopt;
}

// "AER: Corrected error received", "AER: Uncorrected (Non-Fatal) error received", "AER: Multiple ...",
// and the 6.10+ spec terms "Correctable" / "Uncorrectable (Fatal)" "error message received from".
std::optional<KernelLogEvent> aer_event(std::string_view message) {
  auto pos = message.find("AER: ");
  if (pos == std::string_view::npos) return std::nullopt;
  auto rest = message.substr(pos + 5);
  if (!contains(rest, "error received") && !contains(rest, "error message received")) return std::nullopt;
  auto event = make_event(KernelEventKind::aer_error, message);
  if (contains(rest, "(Non-Fatal)"))
    event.severity = "Uncorrected (Non-Fatal)";
  else if (contains(rest, "(Fatal)"))
    event.severity = "Uncorrected (Fatal)";
  else if (contains(rest, "Corrected") || contains(rest, "Correctable"))
    event.severity = "Corrected";
  event.bdf = aer_source(message);
  return event;
}

// "nvidia: probe of 0000:13:00.0 failed with error -1" (the driver core's message; code = the errno).
std::optional<KernelLogEvent> probe_failed_event(std::string_view message) {
  if (!message.starts_with("nvidia")) return std::nullopt;
  auto pos = message.find("probe of ");
  if (pos == std::string_view::npos) return std::nullopt;
  auto bdf = bdf_at(message, pos + 9);
  constexpr std::string_view failed = " failed with error ";
  if (!bdf || message.substr(pos + 9 + 12, failed.size()) != failed) return std::nullopt;
  auto event = make_event(KernelEventKind::nvidia_probe_failed, message);
  event.bdf = bdf;
  event.code = std::string(text::trim(message.substr(pos + 9 + 12 + failed.size())));
  return event;
}

// "NVRM: GPU 0000:13:00.0: RmInitAdapter failed! (0x24:0x72:1447)"; older drivers omit the GPU.
KernelLogEvent rm_init_event(std::string_view message, std::size_t pos) {
  auto event = make_event(KernelEventKind::rm_init_adapter_failed, message);
  event.bdf = find_bdf(message.substr(0, pos));
  auto open = message.find('(', pos);
  auto close = open == std::string_view::npos ? open : message.find(')', open);
  if (close != std::string_view::npos && close - open < 40) event.code = std::string(message.substr(open + 1, close - open - 1));
  return event;
}

}  // namespace

std::vector<KernelLogEvent> recognise_kernel_message(std::string_view message) {
  std::vector<KernelLogEvent> events;
  auto one = [&](KernelLogEvent event) {
    events.push_back(std::move(event));
    return events;
  };

  // PCI core: placing BARs (drivers/pci/setup-res.c and friends). The "can't claim" and "above 4GB"
  // wordings first: they name a BAR too but mean something else than "no space".
  if (contains(message, "no compatible bridge window"))
    return one(bar_event(KernelEventKind::bar_no_compatible_window, message));
  if (contains(message, "can't handle BAR above 4G"))
    return one(bar_event(KernelEventKind::bar_above_4g_unsupported, message));
  if (contains(message, "BAR ") &&
      (contains(message, "can't assign") || contains(message, "no space for") || contains(message, "failed to assign")))
    return one(bar_event(KernelEventKind::bar_assign_failed, message));

  // NVIDIA driver (NVRM) and the driver core.
  if (contains(message, "assigned to your NVIDIA device is invalid"))
    return one(make_event(KernelEventKind::nvrm_invalid_bar, message));
  if (auto detail = nvrm_bar_detail(message)) return one(std::move(*detail));
  if (contains(message, "system BIOS may have misconfigured your GPU"))
    return one(make_event(KernelEventKind::nvrm_bios_misconfigured, message));
  if (auto probe = probe_failed_event(message)) return one(std::move(*probe));
  if (auto pos = message.find("RmInitAdapter failed"); pos != std::string_view::npos) return one(rm_init_event(message, pos));
  if (contains(message, "necessary power cables")) {
    auto event = make_event(KernelEventKind::power_cables_missing, message);
    event.bdf = find_bdf(message);
    return one(std::move(event));
  }

  auto xid = xid_event(message);
  if (xid) events.push_back(*xid);
  if (contains(message, "fallen off the bus")) {
    auto event = make_event(KernelEventKind::fallen_off_bus, message);
    event.bdf = xid ? xid->bdf : find_bdf(message);
    events.push_back(std::move(event));
  }
  if (!events.empty()) return events;

  if (auto aer = aer_event(message)) return one(std::move(*aer));
  return events;
}

}  // namespace rigcheck
