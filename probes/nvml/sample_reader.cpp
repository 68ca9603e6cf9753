#include "probes/nvml/sample_reader.hpp"

namespace rigcheck {
namespace {

using namespace nvml_api;

enum Col : std::size_t {
  kPower, kTempGpu, kTempMem, kSmClock, kMemClock, kReasons, kUtilGpu, kUtilMem, kGen, kWidth, kFan, kReplay
};

template <class Fn, class Call>
CellRead cell(Fn symbol_fn, const char* symbol, Call&& call) {
  CellRead c;
  c.symbol = symbol;
  if (!symbol_fn) {
    c.symbol_missing = true;
    return c;
  }
  c.code = call(c.value);
  return c;
}

CellRead uint_cell(DeviceGetUintFn fn, const char* symbol, Device d, double scale = 1.0) {
  return cell(fn, symbol, [&](double& out) {
    unsigned int v = 0;
    auto code = fn(d, &v);
    out = v * scale;
    return code;
  });
}

CellRead enum_cell(DeviceGetUintByEnumFn fn, const char* symbol, Device d, int which) {
  return cell(fn, symbol, [&](double& out) {
    unsigned int v = 0;
    auto code = fn(d, which, &v);
    out = v;
    return code;
  });
}

double field_as_double(const FieldValue& f) {
  switch (f.value_type) {
    case 0: return f.value.d;
    case 1: return f.value.ui;
    case 2: return static_cast<double>(f.value.ul);
    case 3: return static_cast<double>(f.value.ull);
    case 4: return static_cast<double>(f.value.sll);
    default: return f.value.si;
  }
}

}  // namespace

SampleRead read_sample(const NvmlLibrary& lib, Device d) {
  const auto& fn = lib.fn();
  SampleRead s;
  // NVML reports power in milliwatts.
  s[kPower] = uint_cell(fn.device_get_power_usage, "nvmlDeviceGetPowerUsage", d, 1.0 / 1000.0);
  s[kTempGpu] = enum_cell(fn.device_get_temperature, "nvmlDeviceGetTemperature", d, kTemperatureGpu);
  s[kTempMem] = cell(fn.device_get_field_values, "nvmlDeviceGetFieldValues", [&](double& out) {
    FieldValue field{};
    field.field_id = kFieldMemoryTemp;
    auto code = fn.device_get_field_values(d, 1, &field);
    if (code != kSuccess) return code;
    out = field_as_double(field);
    return field.nvml_return;
  });
  s[kSmClock] = enum_cell(fn.device_get_clock_info, "nvmlDeviceGetClockInfo", d, kClockSm);
  s[kMemClock] = enum_cell(fn.device_get_clock_info, "nvmlDeviceGetClockInfo", d, kClockMem);
  const char* reasons_symbol = lib.clock_event_reasons_symbol().empty() ? "nvmlDeviceGetCurrentClocksEventReasons"
                                                                       : lib.clock_event_reasons_symbol().c_str();
  s[kReasons] = cell(fn.device_get_clock_event_reasons, reasons_symbol, [&](double& out) {
    unsigned long long mask = 0;
    auto code = fn.device_get_clock_event_reasons(d, &mask);
    out = static_cast<double>(mask);  // defined bits end at 0x100: exact in a double
    return code;
  });
  Utilization util{};
  s[kUtilGpu] = cell(fn.device_get_utilization_rates, "nvmlDeviceGetUtilizationRates", [&](double& out) {
    auto code = fn.device_get_utilization_rates(d, &util);
    out = util.gpu;
    return code;
  });
  s[kUtilMem] = s[kUtilGpu];
  s[kUtilMem].value = util.memory;
  s[kGen] = uint_cell(fn.device_get_curr_pcie_link_generation, "nvmlDeviceGetCurrPcieLinkGeneration", d);
  s[kWidth] = uint_cell(fn.device_get_curr_pcie_link_width, "nvmlDeviceGetCurrPcieLinkWidth", d);
  s[kFan] = uint_cell(fn.device_get_fan_speed, "nvmlDeviceGetFanSpeed", d);
  s[kReplay] = uint_cell(fn.device_get_pcie_replay_counter, "nvmlDeviceGetPcieReplayCounter", d);
  return s;
}

}  // namespace rigcheck
