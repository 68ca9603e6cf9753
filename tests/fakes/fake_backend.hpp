#pragma once
// A Backend whose devices do what a test tells them: report VRAM faults at given words, return
// given bandwidths and TFLOPS, produce wrong GEMM results, hang, crash the process, or lose the
// device in the middle of a step. The step runner is tested over it (tests/steps/); in a worker
// process the spec comes from the RIGCHECK_FAKE_BACKEND environment variable (JSON).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/backend_factory.hpp"

namespace rigcheck::fake {

enum class Workload { vram, transfers, compute, burn };
enum class Fault {
  none,
  cannot_open,   // the workload says why it cannot run
  hang,          // never returns (a card that fell off the bus)
  crash,         // SIGSEGV in the middle of the workload (a driver bug)
  lose_device,   // the device is lost after part of the work: an error from the workload
};

struct DeviceSpec {
  std::string name = "Fake GPU";
  std::string pci_bdf;                   // empty: no PCI address
  DeviceType type = DeviceType::discrete;
  std::uint64_t memory_bytes = 64ull << 20;
  std::vector<std::uint64_t> fault_words;  // 32-bit word index in the tested range: reads back wrong
  double transfer_bytes_per_s = 12e9;
  double copy_bytes_per_s = 0;             // device copy bandwidth the VRAM run measures; 0: none
  std::vector<std::string> precisions = {"fp32"};  // GEMM precisions it runs; others are skipped
  double gemm_tflops = 10;
  bool wrong_gemm = false;                 // every GEMM result differs from the reference
  // Broken detectors, for the self-checks to catch:
  bool verify_skips_odd_blocks = false;    // the VRAM verify looks only at every other 4 KiB block
  double timer_scale = 1.0;                // the device timer runs this many times too fast
  bool gemm_drops_k_slice = false;         // the GEMM leaves out a block of k: the compute canary must see it
  bool comparison_blind = false;           // the burn's comparison sees a planted mismatch as equal
  std::map<Workload, Fault> faults;
};

struct Spec {
  std::string backend_name = "fake";
  std::vector<DeviceSpec> devices;
};

std::unique_ptr<Backend> make_fake_backend(Spec spec);

// JSON form: {"devices":[{"name":..,"pci_bdf":..,"memory_bytes":..,"fault_words":[..],
// "transfer_bytes_per_s":..,"copy_bytes_per_s":..,"precisions":[..],"gemm_tflops":..,"wrong_gemm":..,"verify_skips_odd_blocks":..,"timer_scale":..,
// "gemm_drops_k_slice":..,"comparison_blind":..,"faults":{"vram":"hang",...}}]}.
std::string spec_to_json(const Spec& spec);
Spec spec_from_json(const std::string& text);
// Several backends (a card two backends reach): a JSON array of specs.
std::string specs_to_json(const std::vector<Spec>& specs);

inline constexpr const char* kSpecVariable = "RIGCHECK_FAKE_BACKEND";

// make_backends() for a worker: the fake backend (or array of them) from RIGCHECK_FAKE_BACKEND.
Result<BackendSet> fake_backends_from_environment(std::string_view choice);

}  // namespace rigcheck::fake
