#pragma once
// Small hand-made compute results for the pure tests.
#include "reports/compute/compute_result.hpp"

namespace rigcheck::testing {

inline GemmMeasurement gemm_row(const char* precision, double tflops, std::uint64_t mismatches = 0) {
  GemmMeasurement g;
  g.precision = precision;
  g.accumulate = std::string(precision) == "int8" ? "int32" : "fp32";
  g.implementation = "vulkan-tiled";
  g.shape = "square";
  g.m = g.n = g.k = 1024;
  g.flops_per_run = 2.0 * 1024 * 1024 * 1024;
  const double seconds = g.flops_per_run / (tflops * 1e12);
  g.throughput = summarize_throughput({seconds * 0.99, seconds, seconds * 1.02}, g.flops_per_run, 1);
  g.reference.checked_elements = 100;
  g.reference.mismatches = mismatches;
  g.reference.max_abs_error = mismatches ? 3.5 : 1e-6;
  g.reference.tolerance = 1e-5;
  g.reference.tolerance_rule = "|c - ref| <= 1e-05 * sum_k |a*b|";
  return g;
}

inline AttentionMeasurement attention_row(const char* precision, const char* implementation, double tflops) {
  AttentionMeasurement a;
  a.precision = precision;
  a.implementation = implementation;
  a.shape = "gpt2";
  a.batch = 1;
  a.heads = 12;
  a.seq_len = 256;
  a.head_dim = 64;
  a.flops_full = 4.0 * 12 * 256 * 256 * 64;
  a.flops_causal = a.flops_full / 2;
  a.throughput = summarize_throughput({a.flops_causal / (tflops * 1e12)}, a.flops_causal, 1);
  a.reference.checked_elements = 64;
  a.reference.tolerance = 1e-4;
  a.reference.tolerance_rule = "|o - ref| <= 0.0001";
  return a;
}

}  // namespace rigcheck::testing
