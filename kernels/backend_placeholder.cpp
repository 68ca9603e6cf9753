// Keeps the kernels library non-empty until the backends land.
namespace rigcheck { int kernels_placeholder = 0; }
