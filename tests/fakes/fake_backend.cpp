#include "tests/fakes/fake_backend.hpp"

#include "kernels/burn_compare.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kernels/compute/gemm_canary.hpp"

namespace rigcheck::fake {
namespace {

using json = nlohmann::json;

constexpr std::uint32_t kWrittenWord = 0x5a5a5a5a;

const std::map<std::string, Fault>& fault_names() {
  static const std::map<std::string, Fault> names{{"none", Fault::none},   {"cannot_open", Fault::cannot_open},
                                                  {"hang", Fault::hang},   {"crash", Fault::crash},
                                                  {"lose_device", Fault::lose_device}};
  return names;
}

const std::map<std::string, Workload>& workload_names() {
  static const std::map<std::string, Workload> names{
      {"vram", Workload::vram}, {"transfers", Workload::transfers}, {"compute", Workload::compute}, {"burn", Workload::burn}};
  return names;
}

// What a workload does at its fault point; returns the error for lose_device / cannot_open.
std::optional<Error> act(Fault fault, const std::string& what) {
  switch (fault) {
    case Fault::none: return std::nullopt;
    case Fault::cannot_open: return Error{what + ": the fake device cannot run it"};
    case Fault::hang:
      while (true) std::this_thread::sleep_for(std::chrono::hours(1));
    case Fault::crash:
      std::signal(SIGSEGV, SIG_DFL);  // a sanitizer's handler would turn the signal into an exit
      std::raise(SIGSEGV);
      return Error{"not reached"};
    case Fault::lose_device: return Error{what + ": device lost (VK_ERROR_DEVICE_LOST)"};
  }
  return std::nullopt;
}

class FakeVram final : public VramDevice {
 public:
  FakeVram(const DeviceSpec& spec, const BackendDeviceInfo& info) : spec_(spec), info_(info) {}
  const BackendDeviceInfo& info() const override { return info_; }

  Result<VramAllocation> allocate(const VramAllocationRequest& request) override {
    VramAllocation allocation;
    const auto bytes = std::min(request.target_bytes, spec_.memory_bytes) / kVramBlockBytes * kVramBlockBytes;
    allocation.chunks.push_back({0, 0, bytes});
    allocation.total_bytes = bytes;
    allocation.heap_bytes = spec_.memory_bytes;
    return allocation;
  }

  Result<VramStepResult> run(const VramStep& step) override {
    // A lost device fails its third step: some of the work was done.
    if (++steps_ == 3)
      if (auto error = act(fault(), "VRAM test step")) return *error;
    if (steps_ > 3 && (fault() == Fault::hang || fault() == Fault::crash)) act(fault(), "VRAM test step");
    VramStepResult result;
    result.gpu_seconds = static_cast<double>(step.size_bytes) / 100e9;
    const auto in_step = [&](std::uint64_t offset) {
      return offset >= step.first_byte && offset < step.first_byte + step.size_bytes;
    };
    if (step.op == VramOp::inject) {  // the flips stay until the words are written again
      for (const auto& site : step.faults) flipped_[site.chunk_offset_bytes] ^= 1u << site.bit;
      return result;
    }
    if (step.op == VramOp::write) {
      for (auto it = flipped_.begin(); it != flipped_.end();) it = in_step(it->first) ? flipped_.erase(it) : std::next(it);
      if (step.repeats > 1) {  // the timer self-check: time really passes, the timer may run fast
        const auto start = std::chrono::steady_clock::now();
        std::this_thread::sleep_for(std::chrono::microseconds(20) * step.repeats);
        result.gpu_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      }
      result.gpu_seconds *= spec_.timer_scale;
      return result;
    }
    result.gpu_seconds *= spec_.timer_scale;
    std::map<std::uint64_t, std::uint32_t> wrong = flipped_;
    for (auto word : spec_.fault_words) wrong[word * 4] ^= 1u;
    for (const auto& [offset, bits] : wrong) {
      if (!in_step(offset) || bits == 0) continue;
      if (spec_.verify_skips_odd_blocks && (offset / kVramBlockBytes) % 2 == 1) continue;
      ++result.errors;
      for (std::uint32_t b = 0; b < 32; ++b) result.bit_histogram[b] += (bits >> b) & 1u;
      result.popcount_histogram[static_cast<std::size_t>(__builtin_popcount(bits))] += 1;
      if (!result.lowest_chunk_offset_bytes || offset < *result.lowest_chunk_offset_bytes)
        result.lowest_chunk_offset_bytes = offset;
      if (!result.highest_chunk_offset_bytes || offset > *result.highest_chunk_offset_bytes)
        result.highest_chunk_offset_bytes = offset;
      if (result.records.size() < step.record_capacity)
        result.records.push_back({offset, kWrittenWord, kWrittenWord ^ bits, kWrittenWord ^ bits});
    }
    // A verify that writes the complement rewrites the words: planted flips are gone after it.
    if (step.op == VramOp::verify_write_complement)
      for (auto it = flipped_.begin(); it != flipped_.end();) it = in_step(it->first) ? flipped_.erase(it) : std::next(it);
    return result;
  }

  Result<std::vector<DeviceCopyBandwidth>> measure_copy_bandwidth(std::uint64_t max_copy_bytes, std::uint32_t repeats) override {
    if (spec_.copy_bytes_per_s <= 0) return std::vector<DeviceCopyBandwidth>{};
    DeviceCopyBandwidth copy;
    copy.method = "api_copy";
    copy.copy_bytes = std::min(max_copy_bytes, spec_.memory_bytes / 4);
    copy.repeats = repeats;
    copy.median_bytes_per_s = copy.min_bytes_per_s = copy.max_bytes_per_s = spec_.copy_bytes_per_s;
    return std::vector<DeviceCopyBandwidth>{copy};
  }

 private:
  Fault fault() const {
    auto it = spec_.faults.find(Workload::vram);
    return it == spec_.faults.end() ? Fault::none : it->second;
  }
  DeviceSpec spec_;
  BackendDeviceInfo info_;
  int steps_ = 0;
  std::map<std::uint64_t, std::uint32_t> flipped_;  // chunk offset -> bits flipped by inject steps
};

class FakeDevice final : public BackendDevice {
 public:
  FakeDevice(DeviceSpec spec, BackendDeviceInfo info) : spec_(std::move(spec)), info_(std::move(info)) {}
  const BackendDeviceInfo& info() const override { return info_; }

  Result<std::unique_ptr<VramDevice>> open_vram() override {
    if (fault(Workload::vram) == Fault::cannot_open) return *act(Fault::cannot_open, "VRAM test");
    return std::unique_ptr<VramDevice>(std::make_unique<FakeVram>(spec_, info_));
  }

  Result<TransferResult> run_transfers(const TransferOptions& options) override {
    if (auto error = act(fault(Workload::transfers), "transfers")) return *error;
    TransferResult result;
    result.backend = info_.backend;
    result.method = "fake copies";
    for (const char* direction : {"host_to_device", "device_to_host", "bidirectional"})
      for (auto size : options.sizes_bytes) {
        TransferSample sample;
        sample.direction = direction;
        sample.host_memory = "pinned";
        sample.size_bytes = size;
        sample.repeats = options.repeats;
        sample.median_bytes_per_s = sample.min_bytes_per_s = sample.max_bytes_per_s = spec_.transfer_bytes_per_s;
        sample.timing = "wall_clock";
        result.samples.push_back(sample);
      }
    return result;
  }

  Result<ComputeResult> run_compute(const ComputeOptions& options, const std::function<bool()>&) override {
    if (auto error = act(fault(Workload::compute), "GEMM")) return *error;
    ComputeResult result;
    result.backend = info_.backend;
    result.device_name = info_.name;
    for (const auto& precision : options.precisions) {
      if (std::find(spec_.precisions.begin(), spec_.precisions.end(), precision) == spec_.precisions.end()) {
        result.skipped.push_back({"gemm", precision, "the fake device does not compute it"});
        continue;
      }
      GemmMeasurement gemm;
      gemm.precision = precision;
      gemm.accumulate = precision == "int8" ? "int32" : "fp32";
      gemm.implementation = "fake";
      gemm.shape = "square";
      gemm.m = gemm.n = gemm.k = 1024;
      gemm.flops_per_run = 2.0 * 1024 * 1024 * 1024;
      gemm.throughput.samples = 3;
      gemm.throughput.seconds_median = gemm.throughput.seconds_min = gemm.throughput.seconds_max =
          gemm.flops_per_run / (spec_.gemm_tflops * 1e12);
      gemm.throughput.tflops_median = gemm.throughput.tflops_min = gemm.throughput.tflops_max = spec_.gemm_tflops;
      gemm.reference.checked_elements = 1024 * 1024;
      gemm.reference.mismatches = spec_.wrong_gemm ? 1024 * 1024 : 0;
      gemm.reference.max_abs_error = spec_.wrong_gemm ? 1.0 : 0.0;
      gemm.reference.tolerance = 1e-4;
      gemm.reference.tolerance_rule = "abs <= 1e-4";
      result.gemm.push_back(gemm);
      // The compute canary, judged as the real backends judge theirs.
      const GemmCanary canary = make_gemm_canary();
      std::vector<double> c(canary.m * canary.n, 0.0);
      const std::uint64_t dropped = spec_.gemm_drops_k_slice ? canary.k / 4 : 0;  // k indices [0, dropped) missing
      for (std::uint64_t i = 0; i < canary.m * canary.n; ++i)
        for (std::uint64_t kk = dropped; kk < canary.k; ++kk)
          c[i] += double(canary.a[i / canary.n * canary.k + kk]) * canary.b[kk * canary.n + i % canary.n];
      result.self_checks.push_back(judge_gemm_canary(canary, precision, "fp32 accumulate",
                                                     [&](std::uint64_t i) { return c[i]; },
                                                     gemm_tolerance(GemmNumber::fp32, GemmNumber::fp32)));
    }
    return result;
  }

  Result<BurnResult> run_burn(const BurnOptions& options) override {
    if (auto error = act(fault(Workload::burn), "sustained load")) return *error;
    BurnResult result;
    result.backend = info_.backend;
    result.device_name = info_.name;
    result.precision = "fp32";
    result.implementation = "fake";
    result.matrix_size = 1024;
    result.flops_per_run = 2.0 * 1024 * 1024 * 1024;
    result.duration_requested_s = options.duration_s;
    result.duration_achieved_s = options.duration_s;
    result.load_end_t_s = options.duration_s;
    result.intervals.push_back({0, options.duration_s, spec_.gemm_tflops});
    result.stability.checks_done = 10;
    result.stability.mismatches = spec_.wrong_gemm ? 1 : 0;
    // The burn canary through the shared comparison: a planted flip in a result equal to the reference.
    std::vector<std::uint32_t> reference(64, 0x3f800000u), planted = reference;
    const auto index = burn_canary_index(planted.size());
    if (!spec_.comparison_blind) planted[index] ^= 1u << kBurnCanaryBit;
    BurnStability scratch;
    scratch.record_capacity = 4;
    record_burn_comparison(compare_burn_words(reference, planted, 4), 0, 0, scratch);
    result.self_checks.push_back(judge_burn_canary(index, scratch));
    return result;
  }

 private:
  Fault fault(Workload workload) const {
    auto it = spec_.faults.find(workload);
    return it == spec_.faults.end() ? Fault::none : it->second;
  }
  DeviceSpec spec_;
  BackendDeviceInfo info_;
};

class FakeBackend final : public Backend {
 public:
  explicit FakeBackend(Spec spec) : spec_(std::move(spec)) {}
  std::string_view name() const override { return spec_.backend_name; }

  Result<std::vector<BackendDeviceInfo>> list_devices() override {
    std::vector<BackendDeviceInfo> out;
    for (std::uint32_t i = 0; i < spec_.devices.size(); ++i) out.push_back(info(i));
    return out;
  }

  Result<std::unique_ptr<VramDevice>> open_vram_device(std::uint32_t index) override {
    auto device = open_device(index);
    if (!device) return Error{device.error()};
    return (*device)->open_vram();
  }

  Result<std::unique_ptr<BackendDevice>> open_device(std::uint32_t index) override {
    if (index >= spec_.devices.size()) return Error{fmt::format("no fake device {}", index)};
    return std::unique_ptr<BackendDevice>(std::make_unique<FakeDevice>(spec_.devices[index], info(index)));
  }

 private:
  BackendDeviceInfo info(std::uint32_t index) const {
    const auto& d = spec_.devices[index];
    BackendDeviceInfo info;
    info.backend = spec_.backend_name;
    info.index = index;
    info.name = d.name;
    info.type = d.type;
    info.vendor_id = 0x10de;
    if (!d.pci_bdf.empty()) info.pci_bdf = d.pci_bdf;
    info.heaps.push_back({0, d.memory_bytes, true, false, std::nullopt, std::nullopt});
    info.device_local_bytes = d.memory_bytes;
    return info;
  }
  Spec spec_;
};

template <class Map, class Value>
std::string name_of(const Map& names, Value value) {
  for (const auto& [name, v] : names)
    if (v == value) return name;
  return "none";
}

}  // namespace

std::unique_ptr<Backend> make_fake_backend(Spec spec) { return std::make_unique<FakeBackend>(std::move(spec)); }

std::string spec_to_json(const Spec& spec) {
  json devices = json::array();
  for (const auto& d : spec.devices) {
    json faults = json::object();
    for (const auto& [workload, fault] : d.faults) faults[name_of(workload_names(), workload)] = name_of(fault_names(), fault);
    devices.push_back({{"name", d.name},
                       {"pci_bdf", d.pci_bdf},
                       {"cpu", d.type == DeviceType::cpu},
                       {"memory_bytes", d.memory_bytes},
                       {"fault_words", d.fault_words},
                       {"transfer_bytes_per_s", d.transfer_bytes_per_s},
                       {"copy_bytes_per_s", d.copy_bytes_per_s},
                       {"precisions", d.precisions},
                       {"gemm_tflops", d.gemm_tflops},
                       {"wrong_gemm", d.wrong_gemm},
                       {"verify_skips_odd_blocks", d.verify_skips_odd_blocks},
                       {"timer_scale", d.timer_scale},
                       {"gemm_drops_k_slice", d.gemm_drops_k_slice},
                       {"comparison_blind", d.comparison_blind},
                       {"faults", faults}});
  }
  return json{{"backend_name", spec.backend_name}, {"devices", devices}}.dump();
}

Spec spec_from_json(const std::string& text) {
  const json j = json::parse(text);
  Spec spec;
  spec.backend_name = j.at("backend_name").get<std::string>();
  for (const auto& d : j.at("devices")) {
    DeviceSpec device;
    device.name = d.at("name").get<std::string>();
    device.pci_bdf = d.at("pci_bdf").get<std::string>();
    device.type = d.at("cpu").get<bool>() ? DeviceType::cpu : DeviceType::discrete;
    device.memory_bytes = d.at("memory_bytes").get<std::uint64_t>();
    device.fault_words = d.at("fault_words").get<std::vector<std::uint64_t>>();
    device.transfer_bytes_per_s = d.at("transfer_bytes_per_s").get<double>();
    device.copy_bytes_per_s = d.at("copy_bytes_per_s").get<double>();
    device.precisions = d.at("precisions").get<std::vector<std::string>>();
    device.gemm_tflops = d.at("gemm_tflops").get<double>();
    device.wrong_gemm = d.at("wrong_gemm").get<bool>();
    device.verify_skips_odd_blocks = d.at("verify_skips_odd_blocks").get<bool>();
    device.timer_scale = d.at("timer_scale").get<double>();
    device.gemm_drops_k_slice = d.at("gemm_drops_k_slice").get<bool>();
    device.comparison_blind = d.at("comparison_blind").get<bool>();
    for (const auto& [workload, fault] : d.at("faults").items())
      device.faults[workload_names().at(workload)] = fault_names().at(fault.get<std::string>());
    spec.devices.push_back(std::move(device));
  }
  return spec;
}

std::string specs_to_json(const std::vector<Spec>& specs) {
  json array = json::array();
  for (const auto& spec : specs) array.push_back(json::parse(spec_to_json(spec)));
  return array.dump();
}

Result<BackendSet> fake_backends_from_environment(std::string_view) {
  const char* text = std::getenv(kSpecVariable);
  if (text == nullptr) return Error{std::string(kSpecVariable) + " is not set"};
  BackendSet set;
  const json j = json::parse(text);
  if (!j.is_array()) {
    set.backends.push_back(make_fake_backend(spec_from_json(text)));
    return set;
  }
  for (const auto& spec : j) set.backends.push_back(make_fake_backend(spec_from_json(spec.dump())));
  return set;
}

}  // namespace rigcheck::fake
