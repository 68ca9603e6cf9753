#pragma once
// --gpu, parsed once: `all`, a device number as `rigcheck list` prints them, a PCI address (full
// "0000:03:00.0" or without the domain "03:00.0"), or a comma list of those. Every command that
// tests or lists devices resolves it the same way; a selection that matches no device is bad usage.
#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "app/device_inventory.hpp"
#include "reports/result.hpp"

namespace rigcheck {

struct GpuSelection {
  struct Number {
    std::size_t value = 0;
  };
  struct PciAddress {
    std::string text;  // lower-case
  };
  using Item = std::variant<Number, PciAddress>;
  std::vector<Item> items;  // empty: all
  bool all() const { return items.empty(); }
};

// An error for text that is none of the forms ("--gpu x: ...").
Result<GpuSelection> parse_gpu_selection(const std::string& text);

// Marks the selected devices `named` (when the selection names them) and drops the others. An
// error — one line listing the devices there are — when an item matches no device.
Result<std::vector<StepDevice>> select_devices(const GpuSelection& selection, std::vector<StepDevice> devices);

}  // namespace rigcheck
