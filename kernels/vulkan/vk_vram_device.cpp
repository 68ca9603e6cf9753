// The Vulkan VRAM workload: one step (write / verify / verify-then-complement / inject) as one
// timed dispatch over a region of a chunk, the error records read back, and the copy bandwidth.
// Device set-up lives in vk_vram_pipelines.* (core and pipelines) and vk_vram_chunks.* (memory).
#include "kernels/vulkan/vk_vram_device.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "kernels/copy_timing.hpp"
#include "kernels/vulkan/shaders/vram_layout.h"
#include "kernels/vulkan/vk_device_core.hpp"
#include "kernels/vulkan/vk_vram_chunks.hpp"
#include "kernels/vulkan/vk_vram_pipelines.hpp"

namespace rigcheck {
namespace {

constexpr std::uint32_t kMaxWorkgroups = 16384;
constexpr std::uint32_t kErrorHeaderWords = VRAM_ERR_HEADER_WORDS;
constexpr std::uint32_t kRecordWords = VRAM_RECORD_WORDS;
static_assert(kRecordWords == 4, "the shaders hold a record in one uvec4");
static_assert(kErrorHeaderWords % 4 == 0 && VRAM_ERR_POP_HIST + 33 <= kErrorHeaderWords,
              "the header holds both histograms and keeps the records 16-byte aligned");

using PushConstants = VramPushConstants;

class VulkanVramDevice final : public VramDevice {
 public:
  VulkanVramDevice(std::unique_ptr<VulkanDeviceCore> core, VramPipelines pipelines, BackendDeviceInfo info)
      : core_(std::move(core)), pipelines_(std::move(pipelines)), info_(std::move(info)) {}
  ~VulkanVramDevice() override { core_->wait_idle(); }

  const BackendDeviceInfo& info() const override { return info_; }

  Result<VramAllocation> allocate(const VramAllocationRequest& request) override {
    if (core_->lost()) return Error{VulkanDeviceCore::kLostMessage};
    core_->wait_idle();
    buffers_ = VramBuffers{};
    chunk_layout_.clear();
    auto out = allocate_vram_buffers(*core_, pipelines_.layout, request, buffers_);
    if (!out) {
      buffers_ = VramBuffers{};  // no half-made allocation for run() to use
      return Error{out.error()};
    }
    chunk_layout_ = out->chunks;
    return out;
  }

  Result<VramStepResult> run(const VramStep& step) override {
    if (step.chunk >= buffers_.chunks.size()) return Error{fmt::format("no chunk {}", step.chunk)};
    const auto& chunk = chunk_layout_[step.chunk];
    VramStepResult out;
    PushConstants pc{};
    pc.base_lo = static_cast<std::uint32_t>(chunk.base_bytes);
    pc.base_hi = static_cast<std::uint32_t>(chunk.base_bytes >> 32);
    pc.pattern = static_cast<std::uint32_t>(step.pattern);
    pc.pass_index = step.pass;
    pc.seed = step.seed;
    pc.complement = step.complement ? 1u : 0u;
    pc.order_mul = step.order.multiplier;
    pc.order_add = step.order.offset;
    pc.record_capacity = std::min(step.record_capacity, buffers_.record_capacity);
    VkPipeline pipeline = VK_NULL_HANDLE;
    std::uint32_t groups = 1;
    if (step.op == VramOp::inject) {
      if (step.faults.size() > buffers_.max_faults)
        return Error{fmt::format("{} fault sites exceed the {} allocated", step.faults.size(), buffers_.max_faults)};
      auto* sites = reinterpret_cast<std::uint32_t*>(buffers_.faults.mapped);
      for (std::size_t i = 0; i < step.faults.size(); ++i) {
        const auto& f = step.faults[i];
        if (f.chunk_offset_bytes % 4 != 0 || f.chunk_offset_bytes >= chunk.size_bytes || f.bit > 31)
          return Error{fmt::format("bad fault site {:#x} bit {}", f.chunk_offset_bytes, f.bit)};
        sites[2 * i] = static_cast<std::uint32_t>(f.chunk_offset_bytes / 4);
        sites[2 * i + 1] = 1u << f.bit;
      }
      pc.fault_count = static_cast<std::uint32_t>(step.faults.size());
      pipeline = pipelines_.inject.get();
      groups = std::max<std::uint32_t>(1, (pc.fault_count + 63) / 64);
    } else {
      if (step.first_byte % kVramBlockBytes != 0 || step.size_bytes % kVramBlockBytes != 0 || step.size_bytes == 0 ||
          step.first_byte + step.size_bytes > chunk.size_bytes)
        return Error{fmt::format("region {:#x}+{:#x} does not fit chunk {} in 4 KiB blocks", step.first_byte,
                                 step.size_bytes, step.chunk)};
      pc.first_vec = static_cast<std::uint32_t>(step.first_byte / 16);
      pc.block_count = static_cast<std::uint32_t>(step.size_bytes / kVramBlockBytes);
      pipeline = step.op == VramOp::write    ? pipelines_.write.get()
                 : step.op == VramOp::verify ? pipelines_.verify.get()
                                             : pipelines_.verify_complement.get();
      groups = std::min({pc.block_count, kMaxWorkgroups, core_->properties().limits.maxComputeWorkGroupCount[0]});
    }
    reset_error_header();
    // A verify is followed by the re-read pass of its recorded words (vram_reread.comp).
    VkPipeline reread = step.op == VramOp::verify                    ? pipelines_.reread.get()
                        : step.op == VramOp::verify_write_complement ? pipelines_.reread_complement.get()
                                                                     : VK_NULL_HANDLE;
    const std::uint32_t repeats = step.op == VramOp::write ? std::max<std::uint32_t>(1, step.repeats) : 1;
    auto seconds = dispatch(pipeline, step.chunk, pc, groups, reread, repeats);
    if (!seconds) return Error{seconds.error()};
    out.gpu_seconds = *seconds;
    read_errors(pc.record_capacity, out);
    return out;
  }

  Result<std::vector<DeviceCopyBandwidth>> measure_copy_bandwidth(std::uint64_t max_copy_bytes,
                                                                  std::uint32_t repeats) override {
    if (buffers_.chunks.empty()) return Error{"nothing allocated"};
    const auto& chunk = chunk_layout_[0];
    auto prepared = prepare_copy_source(*this, chunk.size_bytes, max_copy_bytes);
    if (!prepared) return Error{prepared.error()};
    const std::uint64_t copy_bytes = *prepared;

    std::vector<DeviceCopyBandwidth> out;
    PushConstants pc{};
    pc.first_vec = 0;
    pc.order_add = static_cast<std::uint32_t>(copy_bytes / 16);
    pc.block_count = static_cast<std::uint32_t>(copy_bytes / kVramBlockBytes);
    const std::uint32_t groups = std::min({pc.block_count, kMaxWorkgroups, core_->properties().limits.maxComputeWorkGroupCount[0]});
    auto shader = time_copy_repeats(repeats, copy_bytes, [&]() { return dispatch(pipelines_.copy.get(), 0, pc, groups); });
    if (!shader) return Error{"shader copy: " + shader.error()};
    shader->method = "shader_copy";
    out.push_back(*shader);
    VkBuffer buffer = buffers_.chunks[0].handle();
    auto api = time_copy_repeats(repeats, copy_bytes, [&]() {
      return core_->submit_timed([&](VkCommandBuffer cmd) {
        VkBufferCopy region{0, copy_bytes, copy_bytes};
        vkCmdCopyBuffer(cmd, buffer, buffer, 1, &region);
      });
    });
    if (!api) return Error{"vkCmdCopyBuffer: " + api.error()};
    api->method = "api_copy";
    out.push_back(*api);
    return out;
  }

 private:
  // `then` (optional): a second pipeline, one workgroup, run after `pipeline`'s writes are visible.
  // `repeats` dispatches of `pipeline` one after the other (the timer self-check's long window),
  // then optionally one of `then`.
  Result<double> dispatch(VkPipeline pipeline, std::uint32_t chunk, const PushConstants& pc, std::uint32_t groups,
                          VkPipeline then = VK_NULL_HANDLE, std::uint32_t repeats = 1) {
    return core_->submit_timed([&](VkCommandBuffer cmd) {
      VkMemoryBarrier barrier{};
      barrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
      barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_SHADER_READ_BIT;
      barrier.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
      auto serialize = [&] {
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, 1,
                             &barrier, 0, nullptr, 0, nullptr);
      };
      record_dispatch(cmd, pipeline, pipelines_.layout, buffers_.sets[chunk], &pc, sizeof(PushConstants), groups);
      for (std::uint32_t r = 1; r < repeats; ++r) {  // same pipeline, set and constants: bound already
        serialize();
        vkCmdDispatch(cmd, groups, 1, 1);
      }
      if (then == VK_NULL_HANDLE) return;
      serialize();
      vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, then);
      vkCmdDispatch(cmd, 1, 1, 1);
    });
  }

  void reset_error_header() {
    auto* words = reinterpret_cast<std::uint32_t*>(buffers_.errors.mapped);
    std::memset(words, 0, kErrorHeaderWords * 4);
    words[VRAM_ERR_MIN_WORD] = 0xffffffffu;
  }

  void read_errors(std::uint32_t capacity, VramStepResult& out) {
    const auto* words = reinterpret_cast<const std::uint32_t*>(buffers_.errors.mapped);
    out.errors = words[VRAM_ERR_COUNT];
    for (std::size_t b = 0; b < 32; ++b) out.bit_histogram[b] = words[VRAM_ERR_BIT_HIST + b];
    for (std::size_t b = 0; b < 33; ++b) out.popcount_histogram[b] = words[VRAM_ERR_POP_HIST + b];
    if (out.errors == 0) return;
    out.lowest_chunk_offset_bytes = static_cast<std::uint64_t>(words[VRAM_ERR_MIN_WORD]) * 4;
    out.highest_chunk_offset_bytes = static_cast<std::uint64_t>(words[VRAM_ERR_MAX_WORD]) * 4;
    const std::uint64_t kept = std::min<std::uint64_t>(out.errors, capacity);
    for (std::uint64_t i = 0; i < kept; ++i) {
      const auto* r = words + kErrorHeaderWords + kRecordWords * i;
      out.records.push_back({static_cast<std::uint64_t>(r[0]) * 4, r[1], r[2], r[3]});
    }
    // Slots are taken in whatever order the GPU runs: sort so reports are stable.
    std::sort(out.records.begin(), out.records.end(),
              [](const auto& a, const auto& b) { return a.chunk_offset_bytes < b.chunk_offset_bytes; });
  }


  std::unique_ptr<VulkanDeviceCore> core_;  // first: outlives the pipelines and buffers
  VramPipelines pipelines_;
  BackendDeviceInfo info_;
  VramBuffers buffers_;
  std::vector<VramChunk> chunk_layout_;
};

}  // namespace

Result<std::unique_ptr<VramDevice>> open_vulkan_vram_device(std::shared_ptr<VulkanInstance> instance,
                                                            VkPhysicalDevice physical, BackendDeviceInfo info) {
  auto core = open_vram_core(std::move(instance), physical);
  if (!core) return Error{info.name + ": " + core.error()};
  auto pipelines = make_vram_pipelines(**core);
  if (!pipelines) return Error{pipelines.error()};
  return std::unique_ptr<VramDevice>(
      std::make_unique<VulkanVramDevice>(std::move(*core), std::move(*pipelines), std::move(info)));
}

}  // namespace rigcheck
