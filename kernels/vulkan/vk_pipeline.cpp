#include "kernels/vulkan/vk_pipeline.hpp"

#include "kernels/vulkan/vk_check.hpp"

namespace rigcheck {

Result<VulkanPipelineLayout> make_pipeline_layout(const VulkanDeviceCore& core, std::uint32_t binding_count,
                                                  std::uint32_t push_bytes) {
  VulkanPipelineLayout out;
  out.binding_count = binding_count;
  out.push_bytes = push_bytes;
  std::vector<VkDescriptorSetLayoutBinding> bindings(binding_count);
  for (std::uint32_t b = 0; b < binding_count; ++b) {
    bindings[b].binding = b;
    bindings[b].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    bindings[b].descriptorCount = 1;
    bindings[b].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
  }
  VkDescriptorSetLayoutCreateInfo set_info{};
  set_info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
  set_info.bindingCount = binding_count;
  set_info.pBindings = bindings.data();
  VkDescriptorSetLayout set_layout = VK_NULL_HANDLE;
  if (auto rc = vkCreateDescriptorSetLayout(core.device(), &set_info, nullptr, &set_layout); rc != VK_SUCCESS)
    return vk_error("vkCreateDescriptorSetLayout", rc);
  out.set_layout = VulkanDescriptorSetLayoutHandle(core, set_layout);
  VkPushConstantRange range{VK_SHADER_STAGE_COMPUTE_BIT, 0, push_bytes};
  VkPipelineLayoutCreateInfo layout_info{};
  layout_info.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
  layout_info.setLayoutCount = 1;
  layout_info.pSetLayouts = out.set_layout.address();
  layout_info.pushConstantRangeCount = 1;
  layout_info.pPushConstantRanges = &range;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  if (auto rc = vkCreatePipelineLayout(core.device(), &layout_info, nullptr, &layout); rc != VK_SUCCESS)
    return vk_error("vkCreatePipelineLayout", rc);
  out.layout = VulkanPipelineLayoutHandle(core, layout);
  return out;
}

Result<VulkanPipelineHandle> make_compute_pipeline(const VulkanDeviceCore& core, const VulkanPipelineLayout& layout,
                                                   SpirvBlob spirv, std::optional<bool> constant_0) {
  VkShaderModuleCreateInfo module_info{};
  module_info.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
  module_info.codeSize = spirv.word_count * sizeof(std::uint32_t);
  module_info.pCode = spirv.words;
  VkShaderModule raw_module = VK_NULL_HANDLE;
  if (auto rc = vkCreateShaderModule(core.device(), &module_info, nullptr, &raw_module); rc != VK_SUCCESS)
    return vk_error("vkCreateShaderModule", rc);
  const VulkanShaderModuleHandle module(core, raw_module);  // not needed once the pipeline exists
  const VkBool32 flag = constant_0.value_or(false) ? VK_TRUE : VK_FALSE;
  const VkSpecializationMapEntry entry{0, 0, sizeof(VkBool32)};
  const VkSpecializationInfo spec{1, &entry, sizeof(VkBool32), &flag};
  VkComputePipelineCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO;
  info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
  info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  info.stage.module = module.get();
  info.stage.pName = "main";
  info.stage.pSpecializationInfo = constant_0 ? &spec : nullptr;
  info.layout = layout.layout.get();
  VkPipeline pipeline = VK_NULL_HANDLE;
  if (auto rc = vkCreateComputePipelines(core.device(), VK_NULL_HANDLE, 1, &info, nullptr, &pipeline); rc != VK_SUCCESS)
    return vk_error("vkCreateComputePipelines", rc);
  return VulkanPipelineHandle(core, pipeline);
}

Result<VulkanDescriptorSets> VulkanDescriptorSets::create(const VulkanDeviceCore& core,
                                                          const VulkanPipelineLayout& layout, std::uint32_t count) {
  VulkanDescriptorSets out;
  out.device_ = core.device();
  VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, layout.binding_count * count};
  VkDescriptorPoolCreateInfo pool_info{};
  pool_info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
  pool_info.maxSets = count;
  pool_info.poolSizeCount = 1;
  pool_info.pPoolSizes = &size;
  VkDescriptorPool pool = VK_NULL_HANDLE;
  if (auto rc = vkCreateDescriptorPool(core.device(), &pool_info, nullptr, &pool); rc != VK_SUCCESS)
    return vk_error("vkCreateDescriptorPool", rc);
  out.pool_ = VulkanDescriptorPoolHandle(core, pool);
  std::vector<VkDescriptorSetLayout> layouts(count, layout.set_layout.get());
  out.sets_.resize(count);
  VkDescriptorSetAllocateInfo alloc{};
  alloc.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
  alloc.descriptorPool = pool;
  alloc.descriptorSetCount = count;
  alloc.pSetLayouts = layouts.data();
  if (auto rc = vkAllocateDescriptorSets(core.device(), &alloc, out.sets_.data()); rc != VK_SUCCESS)
    return vk_error("vkAllocateDescriptorSets", rc);
  return out;
}

void VulkanDescriptorSets::write(std::uint32_t index, std::span<const VkBuffer> buffers) const {
  std::vector<VkDescriptorBufferInfo> infos(buffers.size());
  std::vector<VkWriteDescriptorSet> writes(buffers.size());
  for (std::size_t i = 0; i < buffers.size(); ++i) {
    infos[i] = {buffers[i], 0, VK_WHOLE_SIZE};
    writes[i].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
    writes[i].dstSet = sets_.at(index);
    writes[i].dstBinding = static_cast<std::uint32_t>(i);
    writes[i].descriptorCount = 1;
    writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    writes[i].pBufferInfo = &infos[i];
  }
  vkUpdateDescriptorSets(device_, static_cast<std::uint32_t>(writes.size()), writes.data(), 0, nullptr);
}

void record_dispatch(VkCommandBuffer cmd, VkPipeline pipeline, const VulkanPipelineLayout& layout, VkDescriptorSet set,
                     const void* push, std::uint32_t push_bytes, std::uint32_t groups_x, std::uint32_t groups_y,
                     std::uint32_t groups_z) {
  vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
  vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, layout.layout.get(), 0, 1, &set, 0, nullptr);
  vkCmdPushConstants(cmd, layout.layout.get(), VK_SHADER_STAGE_COMPUTE_BIT, 0, push_bytes, push);
  vkCmdDispatch(cmd, groups_x, groups_y, groups_z);
}

}  // namespace rigcheck
