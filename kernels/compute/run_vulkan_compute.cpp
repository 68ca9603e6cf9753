#include "kernels/compute/run_vulkan_compute.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "kernels/compute/compute_device.hpp"
#include "kernels/compute/gemm_canary.hpp"
#include "kernels/compute/vk_measure.hpp"

namespace rigcheck {
namespace {

struct Gpt2Size {
  const char* name;
  std::uint32_t width;
  std::uint32_t heads;
};
// docs/gpt2.md; head dim 64, vocabulary 50257 for all.
constexpr Gpt2Size kGpt2Sizes[] = {{"gpt2", 768, 12}, {"gpt2-medium", 1024, 16}, {"gpt2-large", 1280, 20},
                                   {"gpt2-xl", 1600, 25}};
constexpr std::uint32_t kVocabulary = 50257;

bool wanted(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Shrinks a GEMM whose B (k x n) or C (m x n) exceeds the device's largest storage buffer: first
// n (a column block of the LM head: every block costs the same per FLOP), then m. Says so in `note`.
GemmShape fit_to_device(GemmShape shape, std::uint64_t max_buffer_bytes, std::string* note) {
  const GemmShape original = shape;
  auto too_big = [&](std::uint64_t rows, std::uint64_t cols) { return rows * cols * 4 > max_buffer_bytes; };
  if (too_big(shape.k, shape.n)) shape.n = static_cast<std::uint32_t>(max_buffer_bytes / (4ull * shape.k) / 64 * 64);
  if (too_big(shape.m, shape.n)) shape.m = static_cast<std::uint32_t>(max_buffer_bytes / (4ull * shape.n) / 64 * 64);
  if (shape.m != original.m || shape.n != original.n)
    *note = fmt::format("GEMM {} measured as {}x{}x{} instead of {}x{}x{}: the device's storage buffers hold at most "
                        "{} bytes",
                        shape.name, shape.m, shape.n, shape.k, original.m, original.n, original.k, max_buffer_bytes);
  return shape;
}

// The compute canary of one precision on this device (gemm_canary.hpp). Every Vulkan GEMM shader
// widens its inputs and accumulates and writes fp32 (int8: int32), as the real runs are judged.
SelfCheck vulkan_gemm_canary(VulkanComputeKernels& kernels, const std::string& precision) {
  const GemmCanary canary = make_gemm_canary();
  auto c = run_vulkan_gemm_once(kernels, precision, canary.a, canary.b, static_cast<std::uint32_t>(canary.m),
                                static_cast<std::uint32_t>(canary.n), static_cast<std::uint32_t>(canary.k));
  if (!c) return gemm_canary_not_run(precision, c.error());
  const bool integer = precision == "int8";
  const GemmNumber number = integer ? GemmNumber::int32 : GemmNumber::fp32;
  return judge_gemm_canary(canary, precision, integer ? "int32 accumulate" : "fp32 accumulate",
                           [&](std::uint64_t i) { return (*c)[i]; }, gemm_tolerance(number, number));
}

// vk_measure.cpp stamps the timed window on steady_clock's epoch; the result is on the telemetry clock.
void to_telemetry_clock(Throughput& t, std::chrono::steady_clock::time_point origin) {
  const double origin_s = std::chrono::duration<double>(origin.time_since_epoch()).count();
  if (t.window_start_s) *t.window_start_s -= origin_s;
  if (t.window_end_s) *t.window_end_s -= origin_s;
}

}  // namespace

ComputePlan plan_compute(const ComputeOptions& options, bool cpu_device) {
  ComputePlan plan;
  plan.samples = options.samples ? options.samples : (cpu_device || options.quick) ? 3 : 10;
  if (options.canaries_only) return plan;  // no shapes: each precision runs its canary alone
  const std::uint32_t square =
      options.square_size ? options.square_size : cpu_device ? (options.quick ? 256 : 512) : (options.quick ? 2048 : 4096);
  plan.gemm.push_back({"square", square, square, square});
  if (options.shapes == "square") return plan;

  std::vector<std::string> models = options.models;
  if (models.empty()) {
    if (cpu_device || options.quick) models = {"gpt2"};
    else for (const auto& size : kGpt2Sizes) models.emplace_back(size.name);
  }
  // A token batch that fills a GPU (rows of every layer GEMM); a CPU device gets a small one.
  const std::uint32_t tokens = options.tokens ? options.tokens : cpu_device ? 64 : (options.quick ? 1024 : 4096);
  const std::uint32_t seq_len = options.seq_len ? options.seq_len : cpu_device ? 256 : (options.quick ? 256 : 1024);
  const std::uint32_t batch = options.attention_batch ? options.attention_batch : cpu_device ? 1 : 8;
  for (const auto& size : kGpt2Sizes) {
    if (!wanted(models, size.name)) continue;
    const std::string p = size.name;
    const std::uint32_t d = size.width;
    plan.gemm.push_back({p + ".qkv", tokens, 3 * d, d});
    plan.gemm.push_back({p + ".attn_out", tokens, d, d});
    plan.gemm.push_back({p + ".mlp_up", tokens, 4 * d, d});
    plan.gemm.push_back({p + ".mlp_down", tokens, d, 4 * d});
    plan.gemm.push_back({p + ".lm_head", tokens, options.vocabulary ? options.vocabulary : kVocabulary, d});
    plan.attention.push_back({p, batch, size.heads, seq_len, 64, true});
  }
  return plan;
}

Result<ComputeResult> run_vulkan_compute(std::uint32_t device_index, const ComputeOptions& options,
                                         const std::function<bool()>& cancelled) {
  auto device = ComputeDevice::open_index(device_index);
  if (!device) return Error{fmt::format("Vulkan device {}: {}", device_index, device.error())};
  VulkanComputeKernels kernels(**device);
  ComputeResult result;
  result.backend = "vulkan";
  result.device_name = (*device)->name();
  const ComputePlan plan = plan_compute(options, (*device)->is_cpu());
  if ((*device)->is_cpu()) result.notes.push_back("CPU Vulkan device: small shapes, correctness first");
  result.notes.push_back("fp16 and int8 shaders compute in fp32 / int32 from narrow storage (no packed fp16 math)");

  MeasureSettings settings;
  settings.samples = plan.samples;
  settings.cancelled = cancelled;
  auto stop = [&] { return cancelled && cancelled(); };

  // no attention check for int8, tf32, fp8 (judge_compute lists fp32, fp16, bf16)
  auto runs = [&](const std::string& precision, bool is_gemm) {
    return is_gemm || !(options.shapes == "square" || precision == "int8" || precision == "tf32" || precision == "fp8");
  };
  ComputeProgress progress;
  for (const std::string& precision : options.precisions)
    for (const bool is_gemm : {true, false})
      if (runs(precision, is_gemm) && kernels.unsupported_reason(is_gemm ? "gemm" : "attention", precision).empty()) {
        if (is_gemm) progress.plan(plan.gemm.size(), planned_flops(plan.gemm));
        else progress.plan(plan.attention.size(), planned_flops(plan.attention));
      }
  auto report = [&](std::string current) {
    progress.current = std::move(current);
    if (options.progress) options.progress(progress);
  };
  auto finished = [&](const GemmShape& shape, const Throughput& t, const ReferenceCheck& check) {
    progress.finish(1, planned_flops(shape));
    progress.last_tflops = t.tflops_median;
    if (!check.passed()) ++progress.failed_checks;
  };

  for (const std::string& precision : options.precisions) {
    for (const char* operation : {"gemm", "attention"}) {
      const bool is_gemm = std::string_view(operation) == "gemm";
      if (!runs(precision, is_gemm)) continue;
      if (auto why = kernels.unsupported_reason(operation, precision); !why.empty()) {
        result.skipped.push_back({operation, precision, why});
        continue;
      }
      if (is_gemm) {
        result.self_checks.push_back(vulkan_gemm_canary(kernels, precision));
        if ((*device)->lost()) return Error{fmt::format("{} GEMM canary: {}", precision, result.self_checks.back().detail)};
        for (const auto& planned : plan.gemm) {
          if (stop()) { result.interrupted = true; return result; }
          std::string note;
          const GemmShape shape = fit_to_device(planned, (*device)->properties().limits.maxStorageBufferRange, &note);
          if (shape.m == 0 || shape.n == 0) {
            result.notes.push_back(fmt::format("{} GEMM {} not measured: {}", precision, planned.name, note));
            progress.finish(1, planned_flops(planned));
            continue;
          }
          if (!note.empty() && precision == options.precisions.front()) result.notes.push_back(note);
          report(fmt::format("{} GEMM {} {}x{}x{}", precision, shape.name, shape.m, shape.n, shape.k));
          auto g = measure_vulkan_gemm(kernels, shape, precision, settings);
          if (!g) {
            progress.finish(1, planned_flops(planned));
            if ((*device)->lost()) return Error{fmt::format("{} GEMM {}: {}", precision, shape.name, g.error())};
            result.notes.push_back(fmt::format("{} GEMM {} not measured: {}", precision, shape.name, g.error()));
            continue;
          }
          to_telemetry_clock(g->throughput, options.clock_origin);
          finished(planned, g->throughput, g->reference);
          result.gemm.push_back(std::move(*g));
        }
      } else {
        for (const auto& shape : plan.attention) {
          if (stop()) { result.interrupted = true; return result; }
          report(fmt::format("{} attention {} (batch {}, {} heads, {} tokens)", precision, shape.name, shape.batch,
                             shape.heads, shape.seq_len));
          auto a = measure_vulkan_attention(kernels, shape, precision, settings);
          if (!a) {
            progress.finish(1, planned_flops(shape));
            if ((*device)->lost()) return Error{fmt::format("{} attention {}: {}", precision, shape.name, a.error())};
            result.notes.push_back(fmt::format("{} attention {} not measured: {}", precision, shape.name, a.error()));
            continue;
          }
          progress.finish(1, planned_flops(shape));
          for (auto& m : *a) {
            progress.last_tflops = m.throughput.tflops_median;
            if (!m.reference.passed()) ++progress.failed_checks;
            to_telemetry_clock(m.throughput, options.clock_origin);
            result.attention.push_back(std::move(m));
          }
        }
      }
    }
  }
  report("");
  return result;
}

}  // namespace rigcheck
