#include "probes/nvml/nvml_errors.hpp"

#include <fmt/format.h>

namespace rigcheck {

using namespace nvml_api;

std::string nvml_return_name(Return code) {
  switch (code) {
    case kSuccess: return "NVML_SUCCESS";
    case kErrorUninitialized: return "NVML_ERROR_UNINITIALIZED";
    case kErrorInvalidArgument: return "NVML_ERROR_INVALID_ARGUMENT";
    case kErrorNotSupported: return "NVML_ERROR_NOT_SUPPORTED";
    case kErrorNoPermission: return "NVML_ERROR_NO_PERMISSION";
    case kErrorNotFound: return "NVML_ERROR_NOT_FOUND";
    case kErrorInsufficientSize: return "NVML_ERROR_INSUFFICIENT_SIZE";
    case kErrorInsufficientPower: return "NVML_ERROR_INSUFFICIENT_POWER";
    case kErrorDriverNotLoaded: return "NVML_ERROR_DRIVER_NOT_LOADED";
    case kErrorTimeout: return "NVML_ERROR_TIMEOUT";
    case kErrorLibraryNotFound: return "NVML_ERROR_LIBRARY_NOT_FOUND";
    case kErrorFunctionNotFound: return "NVML_ERROR_FUNCTION_NOT_FOUND";
    case kErrorCorruptedInforom: return "NVML_ERROR_CORRUPTED_INFOROM";
    case kErrorGpuIsLost: return "NVML_ERROR_GPU_IS_LOST";
    case kErrorResetRequired: return "NVML_ERROR_RESET_REQUIRED";
    case kErrorOperatingSystem: return "NVML_ERROR_OPERATING_SYSTEM";
    case kErrorLibRmVersionMismatch: return "NVML_ERROR_LIB_RM_VERSION_MISMATCH";
    case kErrorNoData: return "NVML_ERROR_NO_DATA";
    case kErrorGpuNotFound: return "NVML_ERROR_GPU_NOT_FOUND";
    case kErrorUnknown: return "NVML_ERROR_UNKNOWN";
    default: return fmt::format("NVML_ERROR_{}", code);
  }
}

std::string nvml_error_text(const NvmlFunctions& fn, Return code) {
  auto name = nvml_return_name(code);
  const char* message = fn.error_string ? fn.error_string(code) : nullptr;
  if (!message || !*message) return name;
  return fmt::format("{}: {}", name, message);
}

std::string nvml_init_fix_hint(Return code) {
  switch (code) {
    case kErrorDriverNotLoaded:
      return "the nvidia kernel module is not loaded (see host.driver): check `lsmod | grep nvidia` and "
             "the kernel log for NVRM errors (a BAR1 that could not be placed needs Above 4G Decoding)";
    case kErrorLibRmVersionMismatch:
      return "the NVML library and the loaded kernel module come from different driver versions: reboot "
             "after the driver update (or reload the nvidia module)";
    case kErrorNoPermission:
      return "no permission to open /dev/nvidia*: check the device nodes' permissions (or the container's "
             "device mapping)";
    case kErrorGpuIsLost:
      return "a GPU has fallen off the bus (kernel log: Xid 79): power off, reseat the card and check "
             "its power cables";
    case kErrorInsufficientPower:
      return "a GPU lacks power: connect the EPS-12V 8-pin (not a PCIe 6+2 plug) to every Tesla card";
    case kErrorCorruptedInforom:
      return "the GPU's infoROM is corrupted: the card needs service; NVML data is unreliable";
    case kErrorLibraryNotFound:
      return std::string(nvml_library_missing_hint());
    default:
      return "see the kernel log for NVRM messages and `nvidia-smi` for the driver's view";
  }
}

std::string_view nvml_library_missing_hint() {
  return "library not found: no NVIDIA driver installed (or its user-space libraries are not on the "
         "loader path); install the driver (R580 is the last branch for Maxwell/Pascal/Volta)";
}

bool nvml_device_is_gone(Return code) {
  return code == kErrorGpuIsLost || code == kErrorResetRequired || code == kErrorGpuNotFound ||
         code == kErrorUninitialized || code == kErrorDriverNotLoaded;
}

}  // namespace rigcheck
