#pragma once
// Turns one NVML call into an NvmlValue: measured, not supported on this device, or not
// available with the reason (the symbol is missing, or the call failed and NVML said why).
#include <string>
#include <utility>

#include "probes/nvml/nvml_errors.hpp"
#include "probes/nvml/nvml_library.hpp"
#include "reports/nvml_facts.hpp"

namespace rigcheck::nvml_call {

inline constexpr const char* kNotSupported = "not supported on this device";

template <class T>
NvmlValue<T> from_code(const NvmlFunctions& fn, nvml_api::Return code, T value) {
  if (code == nvml_api::kSuccess) return NvmlValue<T>::measured(std::move(value));
  if (code == nvml_api::kErrorNotSupported) return NvmlValue<T>::not_supported(kNotSupported);
  return NvmlValue<T>::not_available(nvml_error_text(fn, code));
}

// Calls `call(out)` -> Return when `symbol` is present.
template <class T, class Symbol, class Call>
NvmlValue<T> read(const NvmlFunctions& fn, Symbol symbol, const char* symbol_name, Call&& call) {
  if (!symbol) return NvmlValue<T>::not_available(NvmlLibrary::lacks(symbol_name));
  T out{};
  auto code = call(out);
  return from_code<T>(fn, code, std::move(out));
}

// Maps a measured value through `convert`, keeping the state and reason otherwise.
template <class U, class T, class Convert>
NvmlValue<U> map(const NvmlValue<T>& in, Convert&& convert) {
  if (in.value) return NvmlValue<U>::measured(convert(*in.value));
  NvmlValue<U> out;
  out.state = in.state;
  out.reason = in.reason;
  return out;
}

}  // namespace rigcheck::nvml_call
