// Distance kernels over float vectors, compiled for several x86-64
// instruction sets (AVX-512F, AVX2 with FMA, and the baseline) in one binary;
// toon_vector_kernels() picks the widest one the CPU supports (the caller
// keeps the answer: ToonIndex asks once).
#ifndef TOON_VECTOR_KERNELS_H
#define TOON_VECTOR_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A kernel over two arrays of `count` floats (no alignment required).
typedef float (*toon_vector_kernel)(const float *a, const float *b, size_t count);

/// A kernel over two arrays of `count` 8-bit codes of a scalar quantizer
/// whose component i decodes to `offset[i] + scale[i]·code` (no alignment required).
typedef float (*toon_code_kernel)(const uint8_t *a, const uint8_t *b, const float *scale, const float *offset,
                                  size_t count);

/// The number of bits that differ between two arrays of `bytes` bytes (no alignment required).
typedef float (*toon_bit_kernel)(const uint8_t *a, const uint8_t *b, size_t bytes);

/// The kernels of one instruction set.
typedef struct toon_vector_kernel_set {
    /// Σ (aᵢ − bᵢ)²
    toon_vector_kernel squared_l2;
    /// Σ aᵢ·bᵢ
    toon_vector_kernel dot;
    /// Σ (scaleᵢ·(aᵢ − bᵢ))²: the squared L2 distance of the decoded vectors (`offset` unused).
    toon_code_kernel code_squared_l2;
    /// Σ (offsetᵢ + scaleᵢ·aᵢ)·(offsetᵢ + scaleᵢ·bᵢ): the inner product of the decoded vectors.
    toon_code_kernel code_dot;
    /// The Hamming distance of two bit strings (1-bit codes).
    toon_bit_kernel hamming;
    /// "avx512f", "avx2+fma" or "baseline".
    const char *name;
} toon_vector_kernel_set;

/// The widest kernels this CPU runs (queries the CPU on every call).
toon_vector_kernel_set toon_vector_kernels(void);

/// The portable kernels (every CPU runs them): for tests and comparisons.
toon_vector_kernel_set toon_vector_kernels_baseline(void);

/// Every kernel set this CPU runs, widest first (at most 3), written to
/// `out` up to `capacity`; returns how many there are. For tests, so that
/// each instruction set the CPU has is checked, not only the chosen one.
size_t toon_vector_kernel_sets(toon_vector_kernel_set *out, size_t capacity);

/// Asks the CPU to bring the cache line holding `p` closer, for reading
/// (inlined into the caller; no effect on correctness).
static inline void toon_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

#ifdef __cplusplus
}
#endif

#endif
