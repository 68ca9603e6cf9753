#pragma once
// NVML return codes as words: their names, the library's own message, a one-line fix, and which
// codes mean the device is gone (the sampler ends that GPU's series on them).
#include <string>
#include <string_view>

#include "probes/nvml/nvml_api.hpp"
#include "probes/nvml/nvml_library.hpp"

namespace rigcheck {

// "NVML_ERROR_DRIVER_NOT_LOADED"; unknown codes as "NVML_ERROR_<number>".
std::string nvml_return_name(nvml_api::Return code);

// "NVML_ERROR_DRIVER_NOT_LOADED: Driver Not Loaded" (the second part from nvmlErrorString when
// the library has it).
std::string nvml_error_text(const NvmlFunctions& fn, nvml_api::Return code);

// What a person should do when nvmlInit fails with `code`; empty when there is nothing specific.
std::string nvml_init_fix_hint(nvml_api::Return code);

// The hint when the library could not be loaded at all.
std::string_view nvml_library_missing_hint();

// True for codes after which the device will not answer again in this run.
bool nvml_device_is_gone(nvml_api::Return code);

}  // namespace rigcheck
