#pragma once
// The few NVML C types rigcheck uses, declared here because no nvml.h ships with the toolkit we
// build against. Values are NVML's public ABI (NVML API reference, "Device Enums" / "Return
// values"); the fake library in tests/fakes includes this header too, so both sides agree.
#include <cstdint>

namespace rigcheck::nvml_api {

using Return = int;  // nvmlReturn_t
inline constexpr Return kSuccess = 0;
inline constexpr Return kErrorUninitialized = 1;
inline constexpr Return kErrorInvalidArgument = 2;
inline constexpr Return kErrorNotSupported = 3;
inline constexpr Return kErrorNoPermission = 4;
inline constexpr Return kErrorNotFound = 6;
inline constexpr Return kErrorInsufficientSize = 7;
inline constexpr Return kErrorInsufficientPower = 8;
inline constexpr Return kErrorDriverNotLoaded = 9;
inline constexpr Return kErrorTimeout = 10;
inline constexpr Return kErrorLibraryNotFound = 12;
inline constexpr Return kErrorFunctionNotFound = 13;
inline constexpr Return kErrorCorruptedInforom = 14;
inline constexpr Return kErrorGpuIsLost = 15;
inline constexpr Return kErrorResetRequired = 16;
inline constexpr Return kErrorOperatingSystem = 17;
inline constexpr Return kErrorLibRmVersionMismatch = 18;
inline constexpr Return kErrorNoData = 21;
inline constexpr Return kErrorGpuNotFound = 28;
inline constexpr Return kErrorUnknown = 999;

struct DeviceOpaque;
using Device = DeviceOpaque*;  // nvmlDevice_t

// nvmlPciInfo_t. v1/v2 end after pciSubSystemId with 16 reserved bytes; v3 puts the 32-byte
// busId there. The shared prefix holds the numeric fields, so one buffer serves every version.
struct PciInfo {
  char bus_id_legacy[16];
  unsigned int domain;
  unsigned int bus;
  unsigned int device;
  unsigned int pci_device_id;
  unsigned int pci_subsystem_id;
  char bus_id[32];
};

struct Memory {  // nvmlMemory_t
  unsigned long long total_bytes;
  unsigned long long free_bytes;
  unsigned long long used_bytes;
};

struct Bar1Memory {  // nvmlBAR1Memory_t
  unsigned long long bar1_total_bytes;
  unsigned long long bar1_free_bytes;
  unsigned long long bar1_used_bytes;
};

struct Utilization {  // nvmlUtilization_t, percent
  unsigned int gpu;
  unsigned int memory;
};

union FieldValueUnion {  // nvmlValue_t
  double d;
  unsigned int ui;
  unsigned long ul;
  unsigned long long ull;
  long long sll;
  int si;
};

struct FieldValue {  // nvmlFieldValue_t
  unsigned int field_id;
  unsigned int scope_id;
  long long timestamp;
  long long latency_usec;
  int value_type;  // 0 double, 1 uint, 2 ulong, 3 ulonglong, 4 slonglong, 5 sint
  Return nvml_return;
  FieldValueUnion value;
};

inline constexpr unsigned int kFieldMemoryTemp = 82;  // NVML_FI_DEV_MEMORY_TEMP (HBM boards)

// nvmlTemperatureThresholds_t
inline constexpr int kThresholdShutdown = 0;
inline constexpr int kThresholdSlowdown = 1;
inline constexpr int kThresholdGpuMax = 3;
inline constexpr int kTemperatureGpu = 0;  // nvmlTemperatureSensors_t
// nvmlClockType_t
inline constexpr int kClockGraphics = 0;
inline constexpr int kClockSm = 1;
inline constexpr int kClockMem = 2;
// nvmlMemoryErrorType_t / nvmlEccCounterType_t
inline constexpr int kErrorCorrected = 0;
inline constexpr int kErrorUncorrected = 1;
inline constexpr int kCounterVolatile = 0;
inline constexpr int kCounterAggregate = 1;
// nvmlPageRetirementCause_t
inline constexpr int kRetireMultipleSingleBit = 0;
inline constexpr int kRetireDoubleBit = 1;
// nvmlComputeMode_t
inline constexpr int kComputeDefault = 0;
inline constexpr int kComputeExclusiveThread = 1;
inline constexpr int kComputeProhibited = 2;
inline constexpr int kComputeExclusiveProcess = 3;
inline constexpr int kPstateUnknown = 32;

// Function types, named after the NVML symbol without its version suffix. Enum arguments are
// passed as int (NVML's enums are int-sized).
extern "C" {
using InitFn = Return (*)();
using ShutdownFn = Return (*)();
using ErrorStringFn = const char* (*)(Return);
using SystemGetStringFn = Return (*)(char*, unsigned int);
using SystemGetCudaDriverVersionFn = Return (*)(int*);
using DeviceGetCountFn = Return (*)(unsigned int*);
using DeviceGetHandleByIndexFn = Return (*)(unsigned int, Device*);
using DeviceGetStringFn = Return (*)(Device, char*, unsigned int);
using DeviceGetPciInfoFn = Return (*)(Device, PciInfo*);
using DeviceGetMemoryInfoFn = Return (*)(Device, Memory*);
using DeviceGetBar1MemoryInfoFn = Return (*)(Device, Bar1Memory*);
using DeviceGetUintFn = Return (*)(Device, unsigned int*);
using DeviceGetUllFn = Return (*)(Device, unsigned long long*);
using DeviceGetIntEnumFn = Return (*)(Device, int*);
using DeviceGetUintByEnumFn = Return (*)(Device, int, unsigned int*);
using DeviceGetMinMaxFn = Return (*)(Device, unsigned int*, unsigned int*);
using DeviceGetEccModeFn = Return (*)(Device, int*, int*);
using DeviceGetCudaComputeCapabilityFn = Return (*)(Device, int* major, int* minor);
using DeviceGetTotalEccErrorsFn = Return (*)(Device, int, int, unsigned long long*);
using DeviceGetRetiredPagesFn = Return (*)(Device, int, unsigned int*, unsigned long long*);
using DeviceGetRemappedRowsFn = Return (*)(Device, unsigned int*, unsigned int*, unsigned int*, unsigned int*);
using DeviceGetUtilizationFn = Return (*)(Device, Utilization*);
using DeviceGetFieldValuesFn = Return (*)(Device, int, FieldValue*);
}

}  // namespace rigcheck::nvml_api
