#include "kernels/compute/vk_measure.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "kernels/compute/compute_spirv.hpp"
#include "kernels/compute/cpu_reference.hpp"

namespace rigcheck {
namespace {

// Must match `Push` in shaders/gemm.comp.
struct GemmPush {
  std::uint32_t m, n, k, lda, ldb, ldc, batch_stride_a, batch_stride_b, batch_stride_c, b_transposed;
  float alpha;
};
// Must match `Push` in shaders/softmax_causal.comp.
struct SoftmaxPush {
  std::uint32_t rows, seq_len, causal;
};
// Must match `Push` in shaders/attention_fused.comp.
struct FusedPush {
  std::uint32_t seq_len, causal;
  float scale;
};

constexpr std::uint32_t kGemmTile = 64;     // TM = TN in gemm.comp
constexpr std::uint32_t kFusedRows = 64;    // BR in attention_fused.comp
constexpr std::uint32_t kMaxGroupsX = 65535;  // the minimum maxComputeWorkGroupCount[0] Vulkan guarantees

std::uint32_t ceil_div(std::uint64_t a, std::uint64_t b) { return static_cast<std::uint32_t>((a + b - 1) / b); }

std::uint64_t element_bytes(std::string_view precision) {
  return precision == "fp16" ? 2 : precision == "int8" ? 1 : 4;
}

// Host floats -> a device buffer in the precision's storage type.
Result<std::unique_ptr<ComputeBuffer>> upload_as(ComputeDevice& dev, std::string_view precision,
                                                 const std::vector<float>& values) {
  const std::uint64_t bytes = values.size() * element_bytes(precision);
  auto buffer = dev.make_buffer(bytes);
  if (!buffer) return Error{buffer.error()};
  Result<bool> done = true;
  if (precision == "fp16") {
    std::vector<std::uint16_t> packed(values.size());
    std::transform(values.begin(), values.end(), packed.begin(), float_to_half_bits);
    done = dev.upload(**buffer, packed.data(), bytes);
  } else if (precision == "int8") {
    std::vector<std::int8_t> packed(values.size());
    std::transform(values.begin(), values.end(), packed.begin(), [](float x) { return static_cast<std::int8_t>(x); });
    done = dev.upload(**buffer, packed.data(), bytes);
  } else {
    done = dev.upload(**buffer, values.data(), bytes);
  }
  if (!done) return Error{done.error()};
  return buffer;
}

// Host time of the timed submits, in seconds on steady_clock's own epoch: run_vulkan_compute moves
// it onto the telemetry clock (ComputeOptions::clock_origin).
struct TimedRuns {
  std::vector<double> seconds;  // per run, one entry per sample
  double window_start_s = 0, window_end_s = 0;
};

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

Throughput summarize(const TimedRuns& timed, double flops_per_run, std::uint32_t warmup_runs) {
  Throughput t = summarize_throughput(timed.seconds, flops_per_run, warmup_runs);
  t.window_start_s = timed.window_start_s;
  t.window_end_s = timed.window_end_s;
  return t;
}

// Warm-up, then `samples` submits of `runs` back-to-back runs each; seconds per run of each.
Result<TimedRuns> time_runs(ComputeDevice& dev, const std::function<void(VkCommandBuffer)>& record_one,
                            const MeasureSettings& settings) {
  double warm_seconds = 0;
  for (std::uint32_t i = 0; i < std::max<std::uint32_t>(1, settings.warmup_runs); ++i) {
    auto t = dev.submit_timed(record_one);
    if (!t) return Error{t.error()};
    warm_seconds = *t;
  }
  const double wanted = settings.min_sample_seconds / std::max(warm_seconds, 1e-9);
  const auto runs = static_cast<std::uint32_t>(std::clamp(std::ceil(wanted), 1.0, 256.0));
  TimedRuns out;
  std::vector<double>& seconds = out.seconds;
  out.window_start_s = steady_seconds();
  for (std::uint32_t s = 0; s < settings.samples; ++s) {
    if (settings.cancelled && settings.cancelled()) break;
    auto t = dev.submit_timed([&](VkCommandBuffer cmd) {
      for (std::uint32_t r = 0; r < runs; ++r) {
        if (r > 0) compute_barrier(cmd);  // runs do not overlap: each is timed whole
        record_one(cmd);
      }
    });
    if (!t) return Error{t.error()};
    seconds.push_back(*t / runs);
  }
  out.window_end_s = steady_seconds();
  if (seconds.empty()) return Error{"interrupted before the first timed sample"};
  return out;
}

void record_gemm(VkCommandBuffer cmd, const ComputePipeline& pipeline, std::uint32_t slot, const GemmPush& push,
                 std::uint32_t batch) {
  pipeline.dispatch(cmd, slot, &push, sizeof(push), ceil_div(push.n, kGemmTile), ceil_div(push.m, kGemmTile), batch);
}

// The rows of the row-major m x n output C (32-bit words: fp32, or int32 for int8) that
// check_gemm reads, in one copy.
Result<GemmCheckedRows> download_checked_rows(ComputeDevice& dev, const ComputeBuffer& c, std::uint64_t m,
                                              std::uint64_t n, bool integer) {
  GemmCheckedRows checked(m, n);
  const std::uint64_t row_bytes = n * 4;
  std::vector<ComputeDevice::ByteRange> ranges;
  for (auto row : checked.rows()) ranges.push_back({row * row_bytes, row_bytes});
  std::vector<std::uint32_t> words(checked.rows().size() * n);
  if (auto got = dev.download_ranges(c, ranges, words.data()); !got) return Error{got.error()};
  for (std::size_t i = 0; i < words.size(); ++i)
    checked.values()[i] = integer ? static_cast<double>(std::bit_cast<std::int32_t>(words[i]))
                                  : static_cast<double>(std::bit_cast<float>(words[i]));
  return checked;
}

}  // namespace

std::string VulkanComputeKernels::unsupported_reason(std::string_view operation, std::string_view precision) const {
  if (precision == "fp32") return {};
  if (precision == "fp16") return device_.fp16_missing();
  if (precision == "int8" && operation == "gemm") return device_.int8_missing();
  if (precision == "int8") return "attention runs in fp32 and fp16 only (int8 attention is not a GPT-2 workload)";
  return fmt::format("the Vulkan backend has no {} shaders (tf32, bf16 and fp8 are measured through CUDA)", precision);
}

Result<ComputePipeline*> VulkanComputeKernels::get(const std::string& key, SpirvBlob blob, std::uint32_t bindings,
                                                   std::uint32_t push_bytes) {
  auto it = pipelines_.find(key);
  if (it != pipelines_.end()) return it->second.get();
  auto made = device_.make_pipeline(blob, bindings, push_bytes);
  if (!made) return Error{fmt::format("{} pipeline: {}", key, made.error())};
  ComputePipeline* raw = made->get();
  pipelines_.emplace(key, std::move(*made));
  return raw;
}

Result<ComputePipeline*> VulkanComputeKernels::gemm(std::string_view precision) {
  if (precision == "fp32") return get("gemm_fp32", compute_spirv_gemm_fp32(), 3, sizeof(GemmPush));
  if (precision == "fp16") return get("gemm_fp16", compute_spirv_gemm_fp16(), 3, sizeof(GemmPush));
  if (precision == "int8") return get("gemm_int8", compute_spirv_gemm_int8(), 3, sizeof(GemmPush));
  return Error{fmt::format("no Vulkan GEMM for {}", precision)};
}

Result<ComputePipeline*> VulkanComputeKernels::softmax(std::string_view precision) {
  if (precision == "fp32") return get("softmax_fp32", compute_spirv_softmax_fp32(), 2, sizeof(SoftmaxPush));
  if (precision == "fp16") return get("softmax_fp16", compute_spirv_softmax_fp16(), 2, sizeof(SoftmaxPush));
  return Error{fmt::format("no Vulkan softmax for {}", precision)};
}

Result<ComputePipeline*> VulkanComputeKernels::fused_attention(std::string_view precision) {
  if (precision == "fp32") return get("attention_fp32", compute_spirv_attention_fp32(), 4, sizeof(FusedPush));
  if (precision == "fp16") return get("attention_fp16", compute_spirv_attention_fp16(), 4, sizeof(FusedPush));
  return Error{fmt::format("no Vulkan fused attention for {}", precision)};
}

namespace {

class VulkanBoundGemm final : public BoundGemm {
 public:
  VulkanBoundGemm(ComputeDevice& dev, ComputePipeline& pipeline, std::unique_ptr<ComputeBuffer> a,
                  std::unique_ptr<ComputeBuffer> b, std::unique_ptr<ComputeBuffer> c, const GemmShape& shape)
      : dev_(dev), pipeline_(pipeline), a_(std::move(a)), b_(std::move(b)), c_(std::move(c)),
        push_{shape.m, shape.n, shape.k, shape.k, shape.n, shape.n, 0, 0, 0, 0, 1.0f} {
    const ComputeBuffer* bindings[] = {a_.get(), b_.get(), c_.get()};
    pipeline_.bind(0, bindings);
  }

  void record(VkCommandBuffer cmd, std::uint32_t runs) const override {
    for (std::uint32_t r = 0; r < runs; ++r) {
      if (r > 0) compute_barrier(cmd);
      record_gemm(cmd, pipeline_, 0, push_, 1);
    }
  }
  Result<bool> read_output(std::vector<std::uint32_t>& bits) const override {
    bits.resize(static_cast<std::size_t>(push_.m) * push_.n);
    return dev_.download(*c_, bits.data(), bits.size() * 4);
  }
  double flops_per_run() const override {
    return 2.0 * static_cast<double>(push_.m) * static_cast<double>(push_.n) * static_cast<double>(push_.k);
  }

 private:
  ComputeDevice& dev_;
  ComputePipeline& pipeline_;
  std::unique_ptr<ComputeBuffer> a_, b_, c_;
  GemmPush push_;
};

}  // namespace

Result<std::unique_ptr<BoundGemm>> bind_vulkan_gemm(VulkanComputeKernels& kernels, const GemmShape& shape,
                                                    std::string_view precision, std::uint64_t seed) {
  if (auto why = kernels.unsupported_reason("gemm", precision); !why.empty()) return Error{why};
  auto pipeline = kernels.gemm(precision);
  if (!pipeline) return Error{pipeline.error()};
  ComputeDevice& dev = kernels.device();
  const std::uint64_t m = shape.m, n = shape.n, k = shape.k;
  const auto a = random_inputs_for(precision, m * k, seed);
  const auto b = random_inputs_for(precision, k * n, seed + 1);
  auto buf_a = upload_as(dev, precision, a);
  if (!buf_a) return Error{"A: " + buf_a.error()};
  auto buf_b = upload_as(dev, precision, b);
  if (!buf_b) return Error{"B: " + buf_b.error()};
  auto buf_c = dev.make_buffer(m * n * 4);
  if (!buf_c) return Error{"C: " + buf_c.error()};
  return std::unique_ptr<BoundGemm>(
      new VulkanBoundGemm(dev, **pipeline, std::move(*buf_a), std::move(*buf_b), std::move(*buf_c), shape));
}

double planned_flops(const GemmShape& shape) {
  return 2.0 * static_cast<double>(shape.m) * static_cast<double>(shape.n) * static_cast<double>(shape.k);
}

double planned_flops(const AttentionShape& shape) {
  const double s = shape.seq_len;
  return 4.0 * shape.batch * shape.heads * s * s * shape.head_dim;
}

double planned_flops(const std::vector<GemmShape>& shapes) {
  double sum = 0;
  for (const auto& shape : shapes) sum += planned_flops(shape);
  return sum;
}

double planned_flops(const std::vector<AttentionShape>& shapes) {
  double sum = 0;
  for (const auto& shape : shapes) sum += planned_flops(shape);
  return sum;
}

Result<std::vector<double>> run_vulkan_gemm_once(VulkanComputeKernels& kernels, std::string_view precision,
                                                 const std::vector<float>& a, const std::vector<float>& b,
                                                 std::uint32_t m, std::uint32_t n, std::uint32_t k) {
  if (auto why = kernels.unsupported_reason("gemm", precision); !why.empty()) return Error{why};
  auto pipeline = kernels.gemm(precision);
  if (!pipeline) return Error{pipeline.error()};
  ComputeDevice& dev = kernels.device();
  auto buf_a = upload_as(dev, precision, a);
  if (!buf_a) return Error{"A: " + buf_a.error()};
  auto buf_b = upload_as(dev, precision, b);
  if (!buf_b) return Error{"B: " + buf_b.error()};
  auto buf_c = dev.make_buffer(static_cast<std::uint64_t>(m) * n * 4);
  if (!buf_c) return Error{"C: " + buf_c.error()};
  const ComputeBuffer* bindings[] = {buf_a->get(), buf_b->get(), buf_c->get()};
  (*pipeline)->bind(0, bindings);
  const GemmPush push{m, n, k, k, n, n, 0, 0, 0, 0, 1.0f};
  if (auto ran = dev.submit_timed([&](VkCommandBuffer cmd) { record_gemm(cmd, **pipeline, 0, push, 1); }); !ran)
    return Error{ran.error()};
  std::vector<std::uint32_t> words(static_cast<std::size_t>(m) * n);
  if (auto got = dev.download(**buf_c, words.data(), words.size() * 4); !got) return Error{"C: " + got.error()};
  std::vector<double> c(words.size());
  for (std::size_t i = 0; i < words.size(); ++i)
    c[i] = precision == "int8" ? static_cast<double>(std::bit_cast<std::int32_t>(words[i]))
                               : static_cast<double>(std::bit_cast<float>(words[i]));
  return c;
}

Result<GemmMeasurement> measure_vulkan_gemm(VulkanComputeKernels& kernels, const GemmShape& shape,
                                            std::string_view precision, const MeasureSettings& settings) {
  if (auto why = kernels.unsupported_reason("gemm", precision); !why.empty()) return Error{why};
  auto pipeline = kernels.gemm(precision);
  if (!pipeline) return Error{pipeline.error()};
  ComputeDevice& dev = kernels.device();
  const std::uint64_t m = shape.m, n = shape.n, k = shape.k;
  const bool integer = precision == "int8";
  const auto a = random_inputs_for(precision, m * k, settings.seed);
  const auto b = random_inputs_for(precision, k * n, settings.seed + 1);
  auto buf_a = upload_as(dev, precision, a);
  if (!buf_a) return Error{"A: " + buf_a.error()};
  auto buf_b = upload_as(dev, precision, b);
  if (!buf_b) return Error{"B: " + buf_b.error()};
  auto buf_c = dev.make_buffer(m * n * 4);
  if (!buf_c) return Error{"C: " + buf_c.error()};
  const ComputeBuffer* bindings[] = {buf_a->get(), buf_b->get(), buf_c->get()};
  (*pipeline)->bind(0, bindings);
  const GemmPush push{shape.m, shape.n, shape.k, shape.k, shape.n, shape.n, 0, 0, 0, 0, 1.0f};
  auto seconds = time_runs(dev, [&](VkCommandBuffer cmd) { record_gemm(cmd, **pipeline, 0, push, 1); }, settings);
  if (!seconds) return Error{seconds.error()};

  GemmMeasurement g;
  g.precision = std::string(precision);
  g.accumulate = integer ? "int32" : "fp32";
  g.implementation = "vulkan-tiled";
  g.shape = shape.name;
  g.m = m;
  g.n = n;
  g.k = k;
  g.flops_per_run = 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  g.throughput = summarize(*seconds, g.flops_per_run, std::max<std::uint32_t>(1, settings.warmup_runs));
  // The output of the last timed run is checked, in the rows check_gemm reads: the whole LM head
  // output at T = 4096 would be 823 MB of host memory (and as much staging) for 2304 elements.
  auto c = download_checked_rows(dev, **buf_c, m, n, integer);
  if (!c) return Error{"C: " + c.error()};
  // fp16 inputs are widened: every variant accumulates and writes fp32 (int8: int32).
  const auto number = integer ? GemmNumber::int32 : GemmNumber::fp32;
  g.reference = check_gemm(a, b, [&](std::uint64_t i) { return c->at(i); }, m, n, k, gemm_tolerance(number, number));
  return g;
}

Result<std::vector<AttentionMeasurement>> measure_vulkan_attention(VulkanComputeKernels& kernels,
                                                                   const AttentionShape& shape,
                                                                   std::string_view precision,
                                                                   const MeasureSettings& settings) {
  if (auto why = kernels.unsupported_reason("attention", precision); !why.empty()) return Error{why};
  if (shape.head_dim != 64) return Error{"the Vulkan attention kernels are written for head dim 64 (GPT-2)"};
  auto gemm = kernels.gemm(precision);
  if (!gemm) return Error{gemm.error()};
  auto softmax = kernels.softmax(precision);
  if (!softmax) return Error{softmax.error()};
  auto fused = kernels.fused_attention(precision);
  if (!fused) return Error{fused.error()};
  ComputeDevice& dev = kernels.device();
  const std::uint64_t heads = static_cast<std::uint64_t>(shape.batch) * shape.heads;
  const std::uint64_t s = shape.seq_len, d = shape.head_dim;
  const bool fp16 = precision == "fp16";
  const auto q = random_floats(heads * s * d, settings.seed + 10, fp16);
  const auto k = random_floats(heads * s * d, settings.seed + 11, fp16);
  const auto v = random_floats(heads * s * d, settings.seed + 12, fp16);
  auto buf_q = upload_as(dev, precision, q);
  if (!buf_q) return Error{"Q: " + buf_q.error()};
  auto buf_k = upload_as(dev, precision, k);
  if (!buf_k) return Error{"K: " + buf_k.error()};
  auto buf_v = upload_as(dev, precision, v);
  if (!buf_v) return Error{"V: " + buf_v.error()};
  auto buf_scores = dev.make_buffer(heads * s * s * 4);
  if (!buf_scores) return Error{"S: " + buf_scores.error()};
  auto buf_probs = dev.make_buffer(heads * s * s * element_bytes(precision));
  if (!buf_probs) return Error{"P: " + buf_probs.error()};
  auto buf_o_unfused = dev.make_buffer(heads * s * d * 4);
  if (!buf_o_unfused) return Error{"O: " + buf_o_unfused.error()};
  auto buf_o_fused = dev.make_buffer(heads * s * d * 4);
  if (!buf_o_fused) return Error{"O: " + buf_o_fused.error()};

  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  const auto s32 = static_cast<std::uint32_t>(s), d32 = static_cast<std::uint32_t>(d);
  const auto heads32 = static_cast<std::uint32_t>(heads);
  const ComputeBuffer* qk_bind[] = {buf_q->get(), buf_k->get(), buf_scores->get()};
  const ComputeBuffer* pv_bind[] = {buf_probs->get(), buf_v->get(), buf_o_unfused->get()};
  const ComputeBuffer* sm_bind[] = {buf_scores->get(), buf_probs->get()};
  const ComputeBuffer* fused_bind[] = {buf_q->get(), buf_k->get(), buf_v->get(), buf_o_fused->get()};
  (*gemm)->bind(0, qk_bind);
  (*gemm)->bind(1, pv_bind);
  (*softmax)->bind(0, sm_bind);
  (*fused)->bind(0, fused_bind);
  // S = scale * Q K^T, P = softmax(S + mask), O = P V: batched over heads (workgroup z).
  const GemmPush qk{s32, s32, d32, d32, d32, s32, s32 * d32, s32 * d32, s32 * s32, 1, scale};
  const GemmPush pv{s32, d32, s32, s32, d32, d32, s32 * s32, s32 * d32, s32 * d32, 0, 1.0f};
  const std::uint64_t rows = heads * s;
  const SoftmaxPush sm{static_cast<std::uint32_t>(rows), s32, shape.causal ? 1u : 0u};
  const std::uint32_t sm_x = static_cast<std::uint32_t>(std::min<std::uint64_t>(rows, kMaxGroupsX));
  const FusedPush fp{s32, shape.causal ? 1u : 0u, scale};

  auto unfused_seconds = time_runs(dev, [&](VkCommandBuffer cmd) {
    record_gemm(cmd, **gemm, 0, qk, heads32);
    compute_barrier(cmd);
    (*softmax)->dispatch(cmd, 0, &sm, sizeof(sm), sm_x, ceil_div(rows, sm_x), 1);
    compute_barrier(cmd);
    record_gemm(cmd, **gemm, 1, pv, heads32);
  }, settings);
  if (!unfused_seconds) return Error{"unfused attention: " + unfused_seconds.error()};
  auto fused_seconds = time_runs(dev, [&](VkCommandBuffer cmd) {
    (*fused)->dispatch(cmd, 0, &fp, sizeof(fp), ceil_div(s, kFusedRows), heads32, 1);
  }, settings);
  if (!fused_seconds) return Error{"fused attention: " + fused_seconds.error()};

  const double tolerance = fp16 ? kAttentionFp16AbsTolerance : kAttentionFp32AbsTolerance;
  std::vector<AttentionMeasurement> out;
  for (const auto& [name, secs, buffer] :
       {std::tuple{"vulkan-unfused", &*unfused_seconds, buf_o_unfused->get()},
        std::tuple{"vulkan-fused", &*fused_seconds, buf_o_fused->get()}}) {
    AttentionMeasurement a;
    a.precision = std::string(precision);
    a.implementation = name;
    a.shape = shape.name;
    a.batch = shape.batch;
    a.heads = shape.heads;
    a.seq_len = shape.seq_len;
    a.head_dim = shape.head_dim;
    a.causal = shape.causal;
    // FlashAttention's convention: 4*b*h*s^2*d for the forward pass, halved when causal.
    a.flops_full = 4.0 * static_cast<double>(heads) * static_cast<double>(s) * static_cast<double>(s) *
                   static_cast<double>(d);
    a.flops_causal = shape.causal ? a.flops_full / 2 : a.flops_full;
    a.flops_counted = shape.causal ? "causal" : "full";
    a.throughput = summarize(*secs, a.flops_causal, std::max<std::uint32_t>(1, settings.warmup_runs));
    std::vector<float> o(heads * s * d);
    if (auto got = dev.download(*buffer, o.data(), o.size() * 4); !got) return Error{"O: " + got.error()};
    a.reference = check_attention(q, k, v, o, heads, s, d, shape.causal, tolerance);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace rigcheck
