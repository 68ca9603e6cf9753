#include "kernels/vulkan/vk_vram_device.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "kernels/copy_timing.hpp"
#include "kernels/vulkan/shaders/vram_layout.h"
#include "kernels/vulkan/spirv_blobs.hpp"
#include "kernels/vulkan/vk_check.hpp"
#include "kernels/vulkan/vk_context.hpp"

namespace rigcheck {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;
constexpr std::uint64_t kMaxChunkBytes = 1ull << 30;    // keeps word indices in 32 bits with room
constexpr std::uint64_t kMinChunkBytes = 16 * kMiB;     // stepping down stops here
constexpr std::uint64_t kBudgetReserveBytes = 64 * kMiB; // left for the driver and our small buffers
constexpr std::uint32_t kMaxWorkgroups = 16384;
constexpr std::uint32_t kErrorHeaderWords = VRAM_ERR_HEADER_WORDS;
constexpr std::uint32_t kRecordWords = VRAM_RECORD_WORDS;
static_assert(kRecordWords == 4, "the shaders hold a record in one uvec4");
static_assert(kErrorHeaderWords % 4 == 0 && VRAM_ERR_POP_HIST + 33 <= kErrorHeaderWords,
              "the header holds both histograms and keeps the records 16-byte aligned");

// The shaders' `Step` push constants, from the same field list (vram_layout.h).
#define VRAM_CPP_FIELD(name) std::uint32_t name;
struct PushConstants {
  VRAM_STEP_FIELDS(VRAM_CPP_FIELD)
};
#undef VRAM_CPP_FIELD

struct Buffer {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  std::uint64_t size_bytes = 0;
  void* mapped = nullptr;
};

std::string gib(std::uint64_t bytes) { return fmt::format("{:.2f} GiB", static_cast<double>(bytes) / (1ull << 30)); }

class VulkanVramDevice final : public VramDevice {
 public:
  VulkanVramDevice(std::unique_ptr<VulkanContext> ctx, BackendDeviceInfo info)
      : ctx_(std::move(ctx)), info_(std::move(info)) {}
  ~VulkanVramDevice() override {
    if (ctx_->lost()) return;  // the GPU may still use these objects: leak rather than corrupt
    vkDeviceWaitIdle(ctx_->device());
    release_allocation();
    VkDevice d = ctx_->device();
    for (VkPipeline p : {write_, verify_, verify_complement_, reread_, reread_complement_, inject_, copy_})
      if (p != VK_NULL_HANDLE) vkDestroyPipeline(d, p, nullptr);
    if (pipeline_layout_ != VK_NULL_HANDLE) vkDestroyPipelineLayout(d, pipeline_layout_, nullptr);
    if (set_layout_ != VK_NULL_HANDLE) vkDestroyDescriptorSetLayout(d, set_layout_, nullptr);
  }

  Result<bool> init() {
    VkDescriptorSetLayoutBinding bindings[4]{};
    for (std::uint32_t b = 0; b < 4; ++b) {
      bindings[b].binding = b;
      bindings[b].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
      bindings[b].descriptorCount = 1;
      bindings[b].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
    }
    VkDescriptorSetLayoutCreateInfo set_info{};
    set_info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
    set_info.bindingCount = 4;
    set_info.pBindings = bindings;
    if (auto rc = vkCreateDescriptorSetLayout(ctx_->device(), &set_info, nullptr, &set_layout_); rc != VK_SUCCESS)
      return vk_error("vkCreateDescriptorSetLayout", rc);
    VkPushConstantRange range{VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(PushConstants)};
    VkPipelineLayoutCreateInfo layout_info{};
    layout_info.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
    layout_info.setLayoutCount = 1;
    layout_info.pSetLayouts = &set_layout_;
    layout_info.pushConstantRangeCount = 1;
    layout_info.pPushConstantRanges = &range;
    if (auto rc = vkCreatePipelineLayout(ctx_->device(), &layout_info, nullptr, &pipeline_layout_); rc != VK_SUCCESS)
      return vk_error("vkCreatePipelineLayout", rc);
    for (auto [blob, complement, target] :
         {std::tuple{spirv_vram_write(), false, &write_}, std::tuple{spirv_vram_verify(), false, &verify_},
          std::tuple{spirv_vram_verify(), true, &verify_complement_}, std::tuple{spirv_vram_reread(), false, &reread_},
          std::tuple{spirv_vram_reread(), true, &reread_complement_}, std::tuple{spirv_vram_inject(), false, &inject_},
          std::tuple{spirv_copy(), false, &copy_}}) {
      auto pipeline = make_pipeline(blob, complement);
      if (!pipeline) return Error{pipeline.error()};
      *target = *pipeline;
    }
    return true;
  }

  const BackendDeviceInfo& info() const override { return info_; }

  Result<VramAllocation> allocate(const VramAllocationRequest& request) override {
    if (ctx_->lost()) return Error{"the device stopped answering earlier in this run"};
    vkDeviceWaitIdle(ctx_->device());
    release_allocation();
    VramAllocation out;
    const auto& limits = ctx_->properties().limits;
    VkPhysicalDeviceMemoryProperties2 memory{};
    memory.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_PROPERTIES_2;
    VkPhysicalDeviceMemoryBudgetPropertiesEXT budget{};
    budget.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_BUDGET_PROPERTIES_EXT;
    if (ctx_->has_memory_budget()) memory.pNext = &budget;
    vkGetPhysicalDeviceMemoryProperties2(ctx_->physical(), &memory);
    memory_ = memory.memoryProperties;

    // Chunk memory: device-local, preferring types the host cannot map (true VRAM, not the BAR),
    // from the largest device-local heap.
    int chunk_type = -1;
    for (std::uint32_t t = 0; t < memory_.memoryTypeCount; ++t) {
      const auto flags = memory_.memoryTypes[t].propertyFlags;
      if ((flags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) == 0) continue;
      if (chunk_type < 0) { chunk_type = static_cast<int>(t); continue; }
      const auto& best = memory_.memoryTypes[chunk_type];
      const auto best_heap = memory_.memoryHeaps[best.heapIndex].size;
      const auto heap = memory_.memoryHeaps[memory_.memoryTypes[t].heapIndex].size;
      const bool visible = flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
      const bool best_visible = best.propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
      if (heap > best_heap || (heap == best_heap && best_visible && !visible)) chunk_type = static_cast<int>(t);
    }
    if (chunk_type < 0) return Error{"the device reports no device-local memory type"};
    const std::uint32_t heap_index = memory_.memoryTypes[chunk_type].heapIndex;
    out.heap_bytes = memory_.memoryHeaps[heap_index].size;

    std::uint64_t target = std::min(request.target_bytes, out.heap_bytes);
    if (target < request.target_bytes)
      out.notes.push_back(fmt::format("requested {} but the heap holds {}", gib(request.target_bytes), gib(out.heap_bytes)));
    if (ctx_->has_memory_budget()) {
      const std::uint64_t budget_bytes = budget.heapBudget[heap_index];
      const std::uint64_t used = budget.heapUsage[heap_index];
      const std::uint64_t free_bytes = budget_bytes > used + kBudgetReserveBytes ? budget_bytes - used - kBudgetReserveBytes : 0;
      if (free_bytes < target) {
        out.notes.push_back(fmt::format("memory budget {} with {} in use: testing at most {}", gib(budget_bytes),
                                        gib(used), gib(free_bytes)));
        target = free_bytes;
      }
    } else {
      out.notes.push_back("no VK_EXT_memory_budget: allocating up to the request, stepping down on failure");
    }

    std::uint64_t chunk_cap = std::min<std::uint64_t>({kMaxChunkBytes, limits.maxStorageBufferRange,
                                                       ctx_->max_allocation_bytes() ? ctx_->max_allocation_bytes() : kMaxChunkBytes});
    chunk_cap = chunk_cap / kVramBlockBytes * kVramBlockBytes;
    if (chunk_cap < kVramBlockBytes) return Error{"the device's storage buffers are smaller than one 4 KiB block"};
    const std::uint32_t max_chunks = limits.maxMemoryAllocationCount > 16 ? limits.maxMemoryAllocationCount - 16 : 1;

    auto small = make_host_buffer(static_cast<std::uint64_t>(kErrorHeaderWords + kRecordWords * request.record_capacity) * 4);
    if (!small) return Error{"error-record buffer: " + small.error()};
    errors_ = *small;
    record_capacity_ = request.record_capacity;
    small = make_host_buffer(static_cast<std::uint64_t>(std::max<std::uint32_t>(1, request.max_faults)) * 8);
    if (!small) return Error{"fault-site buffer: " + small.error()};
    faults_ = *small;
    max_faults_ = request.max_faults;

    std::uint64_t remaining = target / kVramBlockBytes * kVramBlockBytes;
    std::uint64_t try_bytes = chunk_cap;
    while (remaining >= kVramBlockBytes) {
      if (chunks_.size() >= max_chunks) {
        out.notes.push_back(fmt::format("stopped at {} allocations (the device limit)", chunks_.size()));
        break;
      }
      const std::uint64_t size = std::min(try_bytes, remaining);
      auto chunk = make_buffer(size, static_cast<std::uint32_t>(chunk_type), false);
      if (!chunk) {
        const std::uint64_t smaller = (try_bytes / 2) / kVramBlockBytes * kVramBlockBytes;
        if (smaller < kMinChunkBytes || size < try_bytes) {
          out.notes.push_back(fmt::format("allocation of {} failed ({}) after {}: testing what was allocated",
                                          gib(size), chunk.error(), gib(out.total_bytes)));
          break;
        }
        out.notes.push_back(fmt::format("allocation of {} failed ({}): stepping down to {} chunks", gib(try_bytes),
                                        chunk.error(), gib(smaller)));
        try_bytes = smaller;
        continue;
      }
      out.chunks.push_back({static_cast<std::uint32_t>(chunks_.size()), out.total_bytes, size});
      chunks_.push_back(*chunk);
      out.total_bytes += size;
      remaining -= size;
    }
    if (chunks_.empty()) return Error{"no device memory could be allocated" + (out.notes.empty() ? std::string() : ": " + out.notes.back())};
    chunk_layout_ = out.chunks;

    auto sets = make_descriptor_sets();
    if (!sets) return Error{sets.error()};
    return out;
  }

  Result<VramStepResult> run(const VramStep& step) override {
    if (step.chunk >= chunks_.size()) return Error{fmt::format("no chunk {}", step.chunk)};
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
    pc.record_capacity = std::min(step.record_capacity, record_capacity_);
    VkPipeline pipeline = VK_NULL_HANDLE;
    std::uint32_t groups = 1;
    if (step.op == VramOp::inject) {
      if (step.faults.size() > max_faults_)
        return Error{fmt::format("{} fault sites exceed the {} allocated", step.faults.size(), max_faults_)};
      auto* sites = static_cast<std::uint32_t*>(faults_.mapped);
      for (std::size_t i = 0; i < step.faults.size(); ++i) {
        const auto& f = step.faults[i];
        if (f.chunk_offset_bytes % 4 != 0 || f.chunk_offset_bytes >= chunk.size_bytes || f.bit > 31)
          return Error{fmt::format("bad fault site {:#x} bit {}", f.chunk_offset_bytes, f.bit)};
        sites[2 * i] = static_cast<std::uint32_t>(f.chunk_offset_bytes / 4);
        sites[2 * i + 1] = 1u << f.bit;
      }
      pc.fault_count = static_cast<std::uint32_t>(step.faults.size());
      pipeline = inject_;
      groups = std::max<std::uint32_t>(1, (pc.fault_count + 63) / 64);
    } else {
      if (step.first_byte % kVramBlockBytes != 0 || step.size_bytes % kVramBlockBytes != 0 || step.size_bytes == 0 ||
          step.first_byte + step.size_bytes > chunk.size_bytes)
        return Error{fmt::format("region {:#x}+{:#x} does not fit chunk {} in 4 KiB blocks", step.first_byte,
                                 step.size_bytes, step.chunk)};
      pc.first_vec = static_cast<std::uint32_t>(step.first_byte / 16);
      pc.block_count = static_cast<std::uint32_t>(step.size_bytes / kVramBlockBytes);
      pipeline = step.op == VramOp::write ? write_ : step.op == VramOp::verify ? verify_ : verify_complement_;
      groups = std::min({pc.block_count, kMaxWorkgroups, ctx_->properties().limits.maxComputeWorkGroupCount[0]});
    }
    reset_error_header();
    // A verify is followed by the re-read pass of its recorded words (vram_reread.comp).
    VkPipeline reread = step.op == VramOp::verify                    ? reread_
                        : step.op == VramOp::verify_write_complement ? reread_complement_
                                                                     : VK_NULL_HANDLE;
    auto seconds = dispatch(pipeline, step.chunk, pc, groups, reread);
    if (!seconds) return Error{seconds.error()};
    out.gpu_seconds = *seconds;
    read_errors(pc.record_capacity, out);
    return out;
  }

  Result<std::vector<DeviceCopyBandwidth>> measure_copy_bandwidth(std::uint64_t max_copy_bytes,
                                                                  std::uint32_t repeats) override {
    if (chunks_.empty()) return Error{"nothing allocated"};
    const auto& chunk = chunk_layout_[0];
    auto prepared = prepare_copy_source(*this, chunk.size_bytes, max_copy_bytes);
    if (!prepared) return Error{prepared.error()};
    const std::uint64_t copy_bytes = *prepared;

    std::vector<DeviceCopyBandwidth> out;
    PushConstants pc{};
    pc.first_vec = 0;
    pc.order_add = static_cast<std::uint32_t>(copy_bytes / 16);
    pc.block_count = static_cast<std::uint32_t>(copy_bytes / kVramBlockBytes);
    const std::uint32_t groups = std::min({pc.block_count, kMaxWorkgroups, ctx_->properties().limits.maxComputeWorkGroupCount[0]});
    auto shader = time_copy_repeats(repeats, copy_bytes, [&]() { return dispatch(copy_, 0, pc, groups); });
    if (!shader) return Error{"shader copy: " + shader.error()};
    shader->method = "shader_copy";
    out.push_back(*shader);
    VkBuffer buffer = chunks_[0].buffer;
    auto api = time_copy_repeats(repeats, copy_bytes, [&]() {
      return ctx_->submit_timed([&](VkCommandBuffer cmd) {
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
  Result<double> dispatch(VkPipeline pipeline, std::uint32_t chunk, const PushConstants& pc, std::uint32_t groups,
                          VkPipeline then = VK_NULL_HANDLE) {
    return ctx_->submit_timed([&](VkCommandBuffer cmd) {
      vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
      vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline_layout_, 0, 1, &sets_[chunk], 0, nullptr);
      vkCmdPushConstants(cmd, pipeline_layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(PushConstants), &pc);
      vkCmdDispatch(cmd, groups, 1, 1);
      if (then == VK_NULL_HANDLE) return;
      VkMemoryBarrier barrier{};
      barrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
      barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_SHADER_READ_BIT;
      barrier.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
      vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, 1,
                           &barrier, 0, nullptr, 0, nullptr);
      vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, then);
      vkCmdDispatch(cmd, 1, 1, 1);
    });
  }

  void reset_error_header() {
    auto* words = static_cast<std::uint32_t*>(errors_.mapped);
    std::memset(words, 0, kErrorHeaderWords * 4);
    words[VRAM_ERR_MIN_WORD] = 0xffffffffu;
  }

  void read_errors(std::uint32_t capacity, VramStepResult& out) {
    const auto* words = static_cast<const std::uint32_t*>(errors_.mapped);
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

  Result<VkPipeline> make_pipeline(SpirvBlob blob, bool write_complement) {
    VkShaderModuleCreateInfo module_info{};
    module_info.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
    module_info.codeSize = blob.word_count * sizeof(std::uint32_t);
    module_info.pCode = blob.words;
    VkShaderModule module = VK_NULL_HANDLE;
    if (auto rc = vkCreateShaderModule(ctx_->device(), &module_info, nullptr, &module); rc != VK_SUCCESS)
      return vk_error("vkCreateShaderModule", rc);
    const VkBool32 flag = write_complement ? VK_TRUE : VK_FALSE;
    VkSpecializationMapEntry entry{0, 0, sizeof(VkBool32)};
    VkSpecializationInfo spec{1, &entry, sizeof(VkBool32), &flag};
    VkComputePipelineCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO;
    info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    info.stage.module = module;
    info.stage.pName = "main";
    info.stage.pSpecializationInfo = &spec;
    info.layout = pipeline_layout_;
    VkPipeline pipeline = VK_NULL_HANDLE;
    const VkResult rc = vkCreateComputePipelines(ctx_->device(), VK_NULL_HANDLE, 1, &info, nullptr, &pipeline);
    vkDestroyShaderModule(ctx_->device(), module, nullptr);
    if (rc != VK_SUCCESS) return vk_error("vkCreateComputePipelines", rc);
    return pipeline;
  }

  Result<Buffer> make_buffer(std::uint64_t size, std::uint32_t type, bool map) {
    Buffer b;
    b.size_bytes = size;
    VkBufferCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
    info.size = size;
    info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    if (auto rc = vkCreateBuffer(ctx_->device(), &info, nullptr, &b.buffer); rc != VK_SUCCESS)
      return vk_error("vkCreateBuffer", rc);
    VkMemoryRequirements req{};
    vkGetBufferMemoryRequirements(ctx_->device(), b.buffer, &req);
    if ((req.memoryTypeBits & (1u << type)) == 0) {
      vkDestroyBuffer(ctx_->device(), b.buffer, nullptr);
      return Error{fmt::format("memory type {} cannot hold storage buffers", type)};
    }
    VkMemoryAllocateInfo alloc{};
    alloc.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
    alloc.allocationSize = req.size;
    alloc.memoryTypeIndex = type;
    if (auto rc = vkAllocateMemory(ctx_->device(), &alloc, nullptr, &b.memory); rc != VK_SUCCESS) {
      vkDestroyBuffer(ctx_->device(), b.buffer, nullptr);
      return vk_error("vkAllocateMemory", rc);
    }
    if (auto rc = vkBindBufferMemory(ctx_->device(), b.buffer, b.memory, 0); rc != VK_SUCCESS) {
      destroy(b);
      return vk_error("vkBindBufferMemory", rc);
    }
    if (map) {
      if (auto rc = vkMapMemory(ctx_->device(), b.memory, 0, VK_WHOLE_SIZE, 0, &b.mapped); rc != VK_SUCCESS) {
        destroy(b);
        return vk_error("vkMapMemory", rc);
      }
    }
    return b;
  }

  // Small buffers the host reads and writes directly: host-visible and coherent, device-local
  // when such a type exists (the BAR window), so the shader's atomics stay on the device.
  Result<Buffer> make_host_buffer(std::uint64_t size) {
    const VkMemoryPropertyFlags need = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    int chosen = -1;
    for (std::uint32_t t = 0; t < memory_.memoryTypeCount; ++t) {
      const auto flags = memory_.memoryTypes[t].propertyFlags;
      if ((flags & need) != need) continue;
      if (chosen < 0 || ((flags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) &&
                         !(memory_.memoryTypes[chosen].propertyFlags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT)))
        chosen = static_cast<int>(t);
    }
    if (chosen < 0) return Error{"no host-visible coherent memory type"};
    auto b = make_buffer(size, static_cast<std::uint32_t>(chosen), true);
    if (!b && (memory_.memoryTypes[chosen].propertyFlags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT)) {
      // The BAR window may be full: fall back to plain host memory.
      for (std::uint32_t t = 0; t < memory_.memoryTypeCount; ++t) {
        const auto flags = memory_.memoryTypes[t].propertyFlags;
        if ((flags & need) == need && !(flags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT)) return make_buffer(size, t, true);
      }
    }
    return b;
  }

  Result<bool> make_descriptor_sets() {
    const auto count = static_cast<std::uint32_t>(chunks_.size());
    VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 4 * count};
    VkDescriptorPoolCreateInfo pool_info{};
    pool_info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
    pool_info.maxSets = count;
    pool_info.poolSizeCount = 1;
    pool_info.pPoolSizes = &size;
    if (auto rc = vkCreateDescriptorPool(ctx_->device(), &pool_info, nullptr, &descriptor_pool_); rc != VK_SUCCESS)
      return vk_error("vkCreateDescriptorPool", rc);
    std::vector<VkDescriptorSetLayout> layouts(count, set_layout_);
    sets_.resize(count);
    VkDescriptorSetAllocateInfo alloc{};
    alloc.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
    alloc.descriptorPool = descriptor_pool_;
    alloc.descriptorSetCount = count;
    alloc.pSetLayouts = layouts.data();
    if (auto rc = vkAllocateDescriptorSets(ctx_->device(), &alloc, sets_.data()); rc != VK_SUCCESS)
      return vk_error("vkAllocateDescriptorSets", rc);
    for (std::uint32_t c = 0; c < count; ++c) {
      VkDescriptorBufferInfo infos[4] = {{chunks_[c].buffer, 0, VK_WHOLE_SIZE},
                                         {errors_.buffer, 0, VK_WHOLE_SIZE},
                                         {faults_.buffer, 0, VK_WHOLE_SIZE},
                                         {chunks_[c].buffer, 0, VK_WHOLE_SIZE}};
      VkWriteDescriptorSet writes[4]{};
      for (std::uint32_t b = 0; b < 4; ++b) {
        writes[b].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
        writes[b].dstSet = sets_[c];
        writes[b].dstBinding = b;
        writes[b].descriptorCount = 1;
        writes[b].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        writes[b].pBufferInfo = &infos[b];
      }
      vkUpdateDescriptorSets(ctx_->device(), 4, writes, 0, nullptr);
    }
    return true;
  }

  void destroy(Buffer& b) {
    if (b.mapped != nullptr) vkUnmapMemory(ctx_->device(), b.memory);
    if (b.buffer != VK_NULL_HANDLE) vkDestroyBuffer(ctx_->device(), b.buffer, nullptr);
    if (b.memory != VK_NULL_HANDLE) vkFreeMemory(ctx_->device(), b.memory, nullptr);
    b = Buffer{};
  }

  void release_allocation() {
    if (descriptor_pool_ != VK_NULL_HANDLE) vkDestroyDescriptorPool(ctx_->device(), descriptor_pool_, nullptr);
    descriptor_pool_ = VK_NULL_HANDLE;
    sets_.clear();
    for (auto& b : chunks_) destroy(b);
    chunks_.clear();
    chunk_layout_.clear();
    destroy(errors_);
    destroy(faults_);
  }

  std::unique_ptr<VulkanContext> ctx_;
  BackendDeviceInfo info_;
  VkPhysicalDeviceMemoryProperties memory_{};
  VkDescriptorSetLayout set_layout_ = VK_NULL_HANDLE;
  VkPipelineLayout pipeline_layout_ = VK_NULL_HANDLE;
  VkPipeline write_ = VK_NULL_HANDLE, verify_ = VK_NULL_HANDLE, verify_complement_ = VK_NULL_HANDLE,
             reread_ = VK_NULL_HANDLE, reread_complement_ = VK_NULL_HANDLE, inject_ = VK_NULL_HANDLE,
             copy_ = VK_NULL_HANDLE;
  VkDescriptorPool descriptor_pool_ = VK_NULL_HANDLE;
  std::vector<VkDescriptorSet> sets_;
  std::vector<Buffer> chunks_;
  std::vector<VramChunk> chunk_layout_;
  Buffer errors_, faults_;
  std::uint32_t record_capacity_ = 0;
  std::uint32_t max_faults_ = 0;
};

}  // namespace

Result<std::unique_ptr<VramDevice>> open_vulkan_vram_device(std::shared_ptr<VulkanInstance> instance,
                                                            VkPhysicalDevice physical, BackendDeviceInfo info) {
  auto ctx = VulkanContext::create(std::move(instance), physical);
  if (!ctx) return Error{info.name + ": " + ctx.error()};
  auto device = std::make_unique<VulkanVramDevice>(std::move(*ctx), std::move(info));
  if (auto ok = device->init(); !ok) return Error{ok.error()};
  return std::unique_ptr<VramDevice>(std::move(device));
}

}  // namespace rigcheck
