// Element types of one shader variant, chosen by a define given to glslc (see ../CMakeLists.txt):
// COMPUTE_FP16: fp16 storage, fp32 arithmetic; COMPUTE_INT8: int8 storage, int32 arithmetic;
// none: fp32. IN_T is what buffers hold, ACC_T what the shader computes and accumulates in.
#extension GL_EXT_shader_explicit_arithmetic_types : require
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_8bit_storage : require
#if defined(COMPUTE_FP16)
#define IN_T float16_t
#define ACC_T float
#elif defined(COMPUTE_INT8)
#define IN_T int8_t
#define ACC_T int
#else
#define IN_T float
#define ACC_T float
#endif
