#include "csimd.h"

/* The tail of a block (and any CPU): one position at a time with the nibble tables. */
static size_t scan_tail(const lt_teddy_masks *m, const uint8_t *p, size_t n, size_t i, size_t count,
                        uint32_t *pos, uint8_t *bits, size_t cap, size_t *next) {
    const int k = m->k;
    for (; i < n; i++) {
        if (count == cap) { *next = i; return count; }
        uint8_t r = 0xFF;
        for (int j = 0; j < k; j++) {
            uint8_t c = p[i - (size_t)(k - 1) + (size_t)j];
            r &= m->lo[j][c & 15] & m->hi[j][c >> 4];
        }
        if (r) { pos[count] = (uint32_t)i; bits[count] = r; count++; }
    }
    *next = n;
    return count;
}

#if defined(__x86_64__)
#include <immintrin.h>

/* Writes the candidates of one vector step: the positions of the set bits of found (relative to
   i) with their bucket bits from b. */
static inline size_t emit(uint64_t found, const uint8_t *b, size_t i, uint32_t *pos, uint8_t *bits, size_t count) {
    do {
        int t = __builtin_ctzll(found);
        pos[count] = (uint32_t)(i + (size_t)t);
        bits[count] = b[t];
        count++;
        found &= found - 1;
    } while (found);
    return count;
}

int lt_teddy_level(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512bw")) return 2;
    if (__builtin_cpu_supports("avx2")) return 1;
    return 0;
}

/* AVX2: bucket bits of the windows ending at 32 positions; load J starts k-1-J bytes earlier. */
#define LT_AVX2_STEP(J)                                                                           \
    do {                                                                                          \
        __m256i v = _mm256_loadu_si256((const __m256i *)(p + i - (k - 1) + (J)));                 \
        __m256i l = _mm256_shuffle_epi8(lo[J], _mm256_and_si256(v, low4));                        \
        __m256i h = _mm256_shuffle_epi8(hi[J], _mm256_and_si256(_mm256_srli_epi16(v, 4), low4));  \
        r = _mm256_and_si256(r, _mm256_and_si256(l, h));                                          \
    } while (0)

__attribute__((target("avx2")))
static size_t scan_avx2(const lt_teddy_masks *m, const uint8_t *p, size_t n, size_t i,
                        uint32_t *pos, uint8_t *bits, size_t cap, size_t *next) {
    const int k = m->k;
    size_t count = 0;
    __m256i lo[4], hi[4];
    for (int j = 0; j < 4; j++) {
        lo[j] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)m->lo[j]));
        hi[j] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)m->hi[j]));
    }
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    const __m256i zero = _mm256_setzero_si256();
    while (i + 32 <= n) {
        if (count + 32 > cap) { *next = i; return count; }
        __m256i r = _mm256_set1_epi8((char)0xFF);
        switch (k) {
        case 4: LT_AVX2_STEP(0); LT_AVX2_STEP(1); LT_AVX2_STEP(2); LT_AVX2_STEP(3); break;
        case 3: LT_AVX2_STEP(0); LT_AVX2_STEP(1); LT_AVX2_STEP(2); break;
        case 2: LT_AVX2_STEP(0); LT_AVX2_STEP(1); break;
        default: LT_AVX2_STEP(0); break;
        }
        uint32_t found = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(r, zero));
        if (found) {
            uint8_t b[32];
            _mm256_storeu_si256((__m256i *)b, r);
            count = emit(found, b, i, pos, bits, count);
        }
        i += 32;
    }
    return scan_tail(m, p, n, i, count, pos, bits, cap, next);
}

/* AVX-512 VBMI: one 64-entry lookup per window byte for 64 positions. */
#define LT_VBMI_STEP(J)                                                                           \
    do {                                                                                          \
        __m512i v = _mm512_loadu_si512((const void *)(p + i - (k - 1) + (J)));                    \
        r = _mm512_and_si512(r, _mm512_permutexvar_epi8(v, t[J]));                                \
    } while (0)

__attribute__((target("avx512f,avx512bw,avx512vbmi")))
static size_t scan_vbmi(const lt_teddy_masks *m, const uint8_t *p, size_t n, size_t i,
                        uint32_t *pos, uint8_t *bits, size_t cap, size_t *next) {
    const int k = m->k;
    size_t count = 0;
    __m512i t[4];
    for (int j = 0; j < 4; j++) t[j] = _mm512_loadu_si512((const void *)m->cls[j]);
    while (i + 64 <= n) {
        if (count + 64 > cap) { *next = i; return count; }
        __m512i r = _mm512_set1_epi8((char)0xFF);
        switch (k) {
        case 4: LT_VBMI_STEP(0); LT_VBMI_STEP(1); LT_VBMI_STEP(2); LT_VBMI_STEP(3); break;
        case 3: LT_VBMI_STEP(0); LT_VBMI_STEP(1); LT_VBMI_STEP(2); break;
        case 2: LT_VBMI_STEP(0); LT_VBMI_STEP(1); break;
        default: LT_VBMI_STEP(0); break;
        }
        uint64_t found = _mm512_test_epi8_mask(r, r);
        if (found) {
            uint8_t b[64];
            _mm512_storeu_si512((void *)b, r);
            count = emit(found, b, i, pos, bits, count);
        }
        i += 64;
    }
    return scan_tail(m, p, n, i, count, pos, bits, cap, next);
}

size_t lt_teddy_scan(int level, const lt_teddy_masks *m, const uint8_t *p, size_t n, size_t from,
                     uint32_t *pos, uint8_t *bits, size_t cap, size_t *next) {
    size_t i = from < (size_t)(m->k - 1) ? (size_t)(m->k - 1) : from;
    if (level >= 2) return scan_vbmi(m, p, n, i, pos, bits, cap, next);
    if (level == 1) return scan_avx2(m, p, n, i, pos, bits, cap, next);
    return scan_tail(m, p, n, i, 0, pos, bits, cap, next);
}

#else
int lt_teddy_level(void) { return 0; }
size_t lt_teddy_scan(int level, const lt_teddy_masks *m, const uint8_t *p, size_t n, size_t from,
                     uint32_t *pos, uint8_t *bits, size_t cap, size_t *next) {
    (void)level;
    size_t i = from < (size_t)(m->k - 1) ? (size_t)(m->k - 1) : from;
    return scan_tail(m, p, n, i, 0, pos, bits, cap, next);
}
#endif
