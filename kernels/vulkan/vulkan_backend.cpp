// The Vulkan backend: lists every physical device and opens one for the VRAM test, the
// transfers (vk_transfer.hpp), GEMM/attention (compute/run_vulkan_compute.hpp) and the sustained
// load (compute/vk_burn.hpp). Built into rigcheck_backends (it needs kernels/compute/).
#include <fmt/format.h>

#include "kernels/backend.hpp"
#include "kernels/compute/run_vulkan_compute.hpp"
#include "kernels/compute/vk_burn.hpp"
#include "kernels/vulkan/vk_transfer.hpp"
#include "kernels/vulkan/vk_device_info.hpp"
#include "kernels/vulkan/vk_instance.hpp"
#include "kernels/vulkan/vk_vram_device.hpp"

namespace rigcheck {
namespace {

class VulkanDevice final : public BackendDevice {
 public:
  VulkanDevice(Backend& backend, BackendDeviceInfo info) : backend_(backend), info_(std::move(info)) {}
  const BackendDeviceInfo& info() const override { return info_; }
  Result<std::unique_ptr<VramDevice>> open_vram() override { return backend_.open_vram_device(info_.index); }
  Result<TransferResult> run_transfers(const TransferOptions& options) override {
    return run_vulkan_transfers(info_.index, options);
  }
  Result<ComputeResult> run_compute(const ComputeOptions& options, const std::function<bool()>& cancelled) override {
    return run_vulkan_compute(info_.index, options, cancelled);
  }
  Result<BurnResult> run_burn(const BurnOptions& options) override { return run_vulkan_burn(info_.index, options); }

 private:
  Backend& backend_;
  BackendDeviceInfo info_;
};

class VulkanBackend final : public Backend {
 public:
  std::string_view name() const override { return "vulkan"; }

  Result<std::vector<BackendDeviceInfo>> list_devices() override {
    auto ready = ensure_instance();
    if (!ready) return Error{ready.error()};
    auto devices = instance_->physical_devices();
    if (!devices) return Error{devices.error()};
    std::vector<BackendDeviceInfo> out;
    for (std::size_t i = 0; i < devices->size(); ++i)
      out.push_back(describe_vulkan_device((*devices)[i], static_cast<std::uint32_t>(i), instance_->api_version()));
    return out;
  }

  Result<std::unique_ptr<VramDevice>> open_vram_device(std::uint32_t index) override {
    auto ready = ensure_instance();
    if (!ready) return Error{ready.error()};
    auto physical = instance_->physical_device(index);
    if (!physical) return Error{physical.error()};
    return open_vulkan_vram_device(instance_, *physical,
                                   describe_vulkan_device(*physical, index, instance_->api_version()));
  }

  Result<std::unique_ptr<BackendDevice>> open_device(std::uint32_t index) override {
    auto devices = list_devices();
    if (!devices) return Error{devices.error()};
    if (index >= devices->size()) return Error{fmt::format("no Vulkan device {} ({} found)", index, devices->size())};
    return std::unique_ptr<BackendDevice>(std::make_unique<VulkanDevice>(*this, (*devices)[index]));
  }

 private:
  Result<bool> ensure_instance() {
    if (instance_) return true;
    auto created = VulkanInstance::create();
    if (!created) return Error{created.error()};
    instance_ = *created;
    return true;
  }

  std::shared_ptr<VulkanInstance> instance_;
};

}  // namespace

std::unique_ptr<Backend> make_vulkan_backend() { return std::make_unique<VulkanBackend>(); }

}  // namespace rigcheck
