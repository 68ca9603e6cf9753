#pragma once
// One compute device for the whole suite (lavapipe in CI); tests skip with the reason without one.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "kernels/compute/compute_device.hpp"
#include "kernels/compute/vk_measure.hpp"

namespace rigcheck::testing {

inline VulkanComputeKernels* shared_kernels(std::string* why) {
  static std::string reason;
  static std::unique_ptr<ComputeDevice> device = [] {
    auto opened = ComputeDevice::open_index(0);
    if (!opened) { reason = opened.error(); return std::unique_ptr<ComputeDevice>(); }
    return std::move(*opened);
  }();
  static std::unique_ptr<VulkanComputeKernels> kernels =
      device ? std::make_unique<VulkanComputeKernels>(*device) : nullptr;
  *why = reason;
  return kernels.get();
}

inline MeasureSettings quick_settings() {
  MeasureSettings s;
  s.samples = 2;
  s.min_sample_seconds = 0;
  return s;
}

}  // namespace rigcheck::testing

#define REQUIRE_COMPUTE_DEVICE(var)                                         \
  std::string why_;                                                         \
  ::rigcheck::VulkanComputeKernels* var = ::rigcheck::testing::shared_kernels(&why_); \
  if (var == nullptr) GTEST_SKIP() << "no usable Vulkan device: " << why_
