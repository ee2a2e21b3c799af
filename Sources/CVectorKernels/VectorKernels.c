// Squared L2 and inner product over float arrays, in three builds of the
// same loop: AVX-512F (16 lanes, masked tail), AVX2 + FMA (8 lanes) and a
// baseline written with generic vector types (SSE on x86-64, NEON on arm64).
// Each wide loop keeps two accumulators so that consecutive fused
// multiply-adds do not wait on each other.
//
// The same two distances over 8-bit scalar-quantized codes: the wide builds
// widen 8 (AVX2) or 16 (AVX-512F) codes to int32, convert them to floats and
// decode them in registers with the per-dimension scale (and offset); the
// baseline is a plain scalar loop, the reference the tests compare against.
//
// The Hamming distance of 1-bit codes: 64 bits at a time, counted with the
// POPCNT instruction in the wide builds (every AVX2 CPU has it) and with the
// compiler's portable bit-counting sequence in the baseline.

#include "CVectorKernels.h"

#include <string.h>

// MARK: Baseline (any CPU)

typedef float toon_f4 __attribute__((vector_size(16)));

static inline toon_f4 toon_load4(const float *p) {
    toon_f4 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline float toon_sum4(toon_f4 v) { return (v[0] + v[1]) + (v[2] + v[3]); }

static float toon_squared_l2_baseline(const float *a, const float *b, size_t n) {
    toon_f4 s0 = {0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        toon_f4 d0 = toon_load4(a + i) - toon_load4(b + i);
        toon_f4 d1 = toon_load4(a + i + 4) - toon_load4(b + i + 4);
        toon_f4 d2 = toon_load4(a + i + 8) - toon_load4(b + i + 8);
        toon_f4 d3 = toon_load4(a + i + 12) - toon_load4(b + i + 12);
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
    }
    for (; i + 4 <= n; i += 4) {
        toon_f4 d = toon_load4(a + i) - toon_load4(b + i);
        s0 += d * d;
    }
    float sum = toon_sum4((s0 + s1) + (s2 + s3));
    for (; i < n; i++) {
        float d = a[i] - b[i];
        sum += d * d;
    }
    return sum;
}

static float toon_dot_baseline(const float *a, const float *b, size_t n) {
    toon_f4 s0 = {0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 += toon_load4(a + i) * toon_load4(b + i);
        s1 += toon_load4(a + i + 4) * toon_load4(b + i + 4);
        s2 += toon_load4(a + i + 8) * toon_load4(b + i + 8);
        s3 += toon_load4(a + i + 12) * toon_load4(b + i + 12);
    }
    for (; i + 4 <= n; i += 4) s0 += toon_load4(a + i) * toon_load4(b + i);
    float sum = toon_sum4((s0 + s1) + (s2 + s3));
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

static float toon_code_squared_l2_baseline(const uint8_t *a, const uint8_t *b, const float *scale,
                                           const float *offset, size_t n) {
    (void)offset;
    float sum = 0;
    for (size_t i = 0; i < n; i++) {
        float d = scale[i] * (float)((int)a[i] - (int)b[i]);
        sum += d * d;
    }
    return sum;
}

static float toon_code_dot_baseline(const uint8_t *a, const uint8_t *b, const float *scale, const float *offset,
                                    size_t n) {
    float sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += (offset[i] + scale[i] * (float)a[i]) * (offset[i] + scale[i] * (float)b[i]);
    }
    return sum;
}

static inline uint64_t toon_load64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static float toon_hamming_baseline(const uint8_t *a, const uint8_t *b, size_t n) {
    uint64_t count = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) count += (uint64_t)__builtin_popcountll(toon_load64(a + i) ^ toon_load64(b + i));
    for (; i < n; i++) count += (uint64_t)__builtin_popcount((unsigned)(a[i] ^ b[i]));
    return (float)count;
}

toon_vector_kernel_set toon_vector_kernels_baseline(void) {
    toon_vector_kernel_set set = {toon_squared_l2_baseline, toon_dot_baseline, toon_code_squared_l2_baseline,
                                  toon_code_dot_baseline, toon_hamming_baseline, "baseline"};
    return set;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

// MARK: AVX2 + FMA

__attribute__((target("avx2,fma")))
static inline float toon_hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

__attribute__((target("avx2,fma")))
static float toon_squared_l2_avx2(const float *a, const float *b, size_t n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8));
        s0 = _mm256_fmadd_ps(d0, d0, s0);
        s1 = _mm256_fmadd_ps(d1, d1, s1);
    }
    if (i + 8 <= n) {
        __m256 d = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        s0 = _mm256_fmadd_ps(d, d, s0);
        i += 8;
    }
    float sum = toon_hsum256(_mm256_add_ps(s0, s1));
    for (; i < n; i++) {
        float d = a[i] - b[i];
        sum += d * d;
    }
    return sum;
}

__attribute__((target("avx2,fma")))
static float toon_dot_avx2(const float *a, const float *b, size_t n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
    }
    if (i + 8 <= n) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        i += 8;
    }
    float sum = toon_hsum256(_mm256_add_ps(s0, s1));
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

/// Eight codes from `p`, as floats.
__attribute__((target("avx2,fma")))
static inline __m256 toon_codes8(const uint8_t *p) {
    return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)p)));
}

__attribute__((target("avx2,fma")))
static float toon_code_squared_l2_avx2(const uint8_t *a, const uint8_t *b, const float *scale, const float *offset,
                                       size_t n) {
    (void)offset;
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 d0 = _mm256_mul_ps(_mm256_sub_ps(toon_codes8(a + i), toon_codes8(b + i)), _mm256_loadu_ps(scale + i));
        __m256 d1 = _mm256_mul_ps(_mm256_sub_ps(toon_codes8(a + i + 8), toon_codes8(b + i + 8)),
                                  _mm256_loadu_ps(scale + i + 8));
        s0 = _mm256_fmadd_ps(d0, d0, s0);
        s1 = _mm256_fmadd_ps(d1, d1, s1);
    }
    if (i + 8 <= n) {
        __m256 d = _mm256_mul_ps(_mm256_sub_ps(toon_codes8(a + i), toon_codes8(b + i)), _mm256_loadu_ps(scale + i));
        s0 = _mm256_fmadd_ps(d, d, s0);
        i += 8;
    }
    float sum = toon_hsum256(_mm256_add_ps(s0, s1));
    for (; i < n; i++) {
        float d = scale[i] * (float)((int)a[i] - (int)b[i]);
        sum += d * d;
    }
    return sum;
}

__attribute__((target("avx2,fma")))
static float toon_code_dot_avx2(const uint8_t *a, const uint8_t *b, const float *scale, const float *offset,
                                size_t n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 sc0 = _mm256_loadu_ps(scale + i), of0 = _mm256_loadu_ps(offset + i);
        __m256 sc1 = _mm256_loadu_ps(scale + i + 8), of1 = _mm256_loadu_ps(offset + i + 8);
        __m256 x0 = _mm256_fmadd_ps(toon_codes8(a + i), sc0, of0);
        __m256 y0 = _mm256_fmadd_ps(toon_codes8(b + i), sc0, of0);
        __m256 x1 = _mm256_fmadd_ps(toon_codes8(a + i + 8), sc1, of1);
        __m256 y1 = _mm256_fmadd_ps(toon_codes8(b + i + 8), sc1, of1);
        s0 = _mm256_fmadd_ps(x0, y0, s0);
        s1 = _mm256_fmadd_ps(x1, y1, s1);
    }
    if (i + 8 <= n) {
        __m256 sc = _mm256_loadu_ps(scale + i), of = _mm256_loadu_ps(offset + i);
        s0 = _mm256_fmadd_ps(_mm256_fmadd_ps(toon_codes8(a + i), sc, of), _mm256_fmadd_ps(toon_codes8(b + i), sc, of), s0);
        i += 8;
    }
    float sum = toon_hsum256(_mm256_add_ps(s0, s1));
    for (; i < n; i++) sum += (offset[i] + scale[i] * (float)a[i]) * (offset[i] + scale[i] * (float)b[i]);
    return sum;
}

__attribute__((target("popcnt")))
static float toon_hamming_popcnt(const uint8_t *a, const uint8_t *b, size_t n) {
    uint64_t c0 = 0, c1 = 0;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        c0 += (uint64_t)__builtin_popcountll(toon_load64(a + i) ^ toon_load64(b + i));
        c1 += (uint64_t)__builtin_popcountll(toon_load64(a + i + 8) ^ toon_load64(b + i + 8));
    }
    for (; i + 8 <= n; i += 8) c0 += (uint64_t)__builtin_popcountll(toon_load64(a + i) ^ toon_load64(b + i));
    for (; i < n; i++) c1 += (uint64_t)__builtin_popcount((unsigned)(a[i] ^ b[i]));
    return (float)(c0 + c1);
}

// MARK: AVX-512F

__attribute__((target("avx512f")))
static float toon_squared_l2_avx512(const float *a, const float *b, size_t n) {
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512 d0 = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
        __m512 d1 = _mm512_sub_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16));
        s0 = _mm512_fmadd_ps(d0, d0, s0);
        s1 = _mm512_fmadd_ps(d1, d1, s1);
    }
    if (i + 16 <= n) {
        __m512 d = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
        s0 = _mm512_fmadd_ps(d, d, s0);
        i += 16;
    }
    if (i < n) {
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        __m512 d = _mm512_sub_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i));
        s1 = _mm512_fmadd_ps(d, d, s1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

__attribute__((target("avx512f")))
static float toon_dot_avx512(const float *a, const float *b, size_t n) {
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), s1);
    }
    if (i + 16 <= n) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
        i += 16;
    }
    if (i < n) {
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        s1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i), s1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

/// Sixteen codes from `p`, as floats.
__attribute__((target("avx512f")))
static inline __m512 toon_codes16(const uint8_t *p) {
    return _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)p)));
}

/// The `count` (< 16) codes from `p`, as floats, the other lanes 0.
__attribute__((target("avx512f")))
static inline __m512 toon_codes_tail(const uint8_t *p, size_t count) {
    uint8_t buffer[16] = {0};
    memcpy(buffer, p, count);
    return toon_codes16(buffer);
}

__attribute__((target("avx512f")))
static float toon_code_squared_l2_avx512(const uint8_t *a, const uint8_t *b, const float *scale,
                                         const float *offset, size_t n) {
    (void)offset;
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512 d0 = _mm512_mul_ps(_mm512_sub_ps(toon_codes16(a + i), toon_codes16(b + i)), _mm512_loadu_ps(scale + i));
        __m512 d1 = _mm512_mul_ps(_mm512_sub_ps(toon_codes16(a + i + 16), toon_codes16(b + i + 16)),
                                  _mm512_loadu_ps(scale + i + 16));
        s0 = _mm512_fmadd_ps(d0, d0, s0);
        s1 = _mm512_fmadd_ps(d1, d1, s1);
    }
    if (i + 16 <= n) {
        __m512 d = _mm512_mul_ps(_mm512_sub_ps(toon_codes16(a + i), toon_codes16(b + i)), _mm512_loadu_ps(scale + i));
        s0 = _mm512_fmadd_ps(d, d, s0);
        i += 16;
    }
    if (i < n) {
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        __m512 d = _mm512_mul_ps(_mm512_sub_ps(toon_codes_tail(a + i, n - i), toon_codes_tail(b + i, n - i)),
                                 _mm512_maskz_loadu_ps(m, scale + i));
        s1 = _mm512_fmadd_ps(d, d, s1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

__attribute__((target("avx512f")))
static float toon_code_dot_avx512(const uint8_t *a, const uint8_t *b, const float *scale, const float *offset,
                                  size_t n) {
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 sc = _mm512_loadu_ps(scale + i), of = _mm512_loadu_ps(offset + i);
        __m512 x = _mm512_fmadd_ps(toon_codes16(a + i), sc, of);
        __m512 y = _mm512_fmadd_ps(toon_codes16(b + i), sc, of);
        if ((i / 16) % 2 == 0) s0 = _mm512_fmadd_ps(x, y, s0); else s1 = _mm512_fmadd_ps(x, y, s1);
    }
    if (i < n) {
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        __m512 sc = _mm512_maskz_loadu_ps(m, scale + i), of = _mm512_maskz_loadu_ps(m, offset + i);
        __m512 x = _mm512_fmadd_ps(toon_codes_tail(a + i, n - i), sc, of);
        __m512 y = _mm512_fmadd_ps(toon_codes_tail(b + i, n - i), sc, of);
        s1 = _mm512_fmadd_ps(x, y, s1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

static size_t toon_supported(toon_vector_kernel_set *out, size_t capacity) {
    toon_vector_kernel_set all[3];
    size_t n = 0;
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("popcnt")) {
        toon_vector_kernel_set set = {toon_squared_l2_avx512, toon_dot_avx512, toon_code_squared_l2_avx512,
                                      toon_code_dot_avx512, toon_hamming_popcnt, "avx512f"};
        all[n++] = set;
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("popcnt")) {
        toon_vector_kernel_set set = {toon_squared_l2_avx2, toon_dot_avx2, toon_code_squared_l2_avx2,
                                      toon_code_dot_avx2, toon_hamming_popcnt, "avx2+fma"};
        all[n++] = set;
    }
    all[n++] = toon_vector_kernels_baseline();
    for (size_t i = 0; i < n && i < capacity; i++) out[i] = all[i];
    return n;
}

#else

static size_t toon_supported(toon_vector_kernel_set *out, size_t capacity) {
    if (capacity > 0) out[0] = toon_vector_kernels_baseline();
    return 1;
}

#endif

size_t toon_vector_kernel_sets(toon_vector_kernel_set *out, size_t capacity) {
    return toon_supported(out, capacity);
}

toon_vector_kernel_set toon_vector_kernels(void) {
    toon_vector_kernel_set widest;
    toon_supported(&widest, 1);
    return widest;
}
