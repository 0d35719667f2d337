#include "csimd.h"
#include <string.h>

static void bits_scalar(const uint8_t *p, size_t n, uint64_t *words, size_t from) {
    for (size_t w = from / 64; w * 64 < n; w++) {
        uint64_t bits = 0;
        size_t end = n - w * 64 < 64 ? n - w * 64 : 64;
        for (size_t b = 0; b < end; b++) bits |= (uint64_t)(p[w * 64 + b] == '\n') << b;
        words[w] = bits;
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2")))
static size_t bits_avx2(const uint8_t *p, size_t n, uint64_t *words) {
    const __m256i nl = _mm256_set1_epi8('\n');
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        uint32_t lo = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(p + i)), nl));
        uint32_t hi = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(p + i + 32)), nl));
        words[i / 64] = (uint64_t)lo | (uint64_t)hi << 32;
    }
    return i;
}

__attribute__((target("avx512f,avx512bw")))
static size_t bits_avx512(const uint8_t *p, size_t n, uint64_t *words) {
    const __m512i nl = _mm512_set1_epi8('\n');
    size_t i = 0;
    for (; i + 64 <= n; i += 64) words[i / 64] = _mm512_cmpeq_epi8_mask(_mm512_loadu_si512((const void *)(p + i)), nl);
    return i;
}

int lt_newline_level(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bw") ? 2 : __builtin_cpu_supports("avx2") ? 1 : 0;
}

void lt_newline_bits(int level, const uint8_t *p, size_t n, uint64_t *words) {
    size_t done = level == 2 ? bits_avx512(p, n, words) : level == 1 ? bits_avx2(p, n, words) : 0;
    bits_scalar(p, n, words, done);
}
#else
int lt_newline_level(void) { return 0; }
void lt_newline_bits(int level, const uint8_t *p, size_t n, uint64_t *words) { (void)level; bits_scalar(p, n, words, 0); }
#endif
