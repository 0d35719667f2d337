#ifndef LT_CSIMD_H
#define LT_CSIMD_H
#include <stddef.h>
#include <stdint.h>

/* Teddy (the fingerprint search of Hyperscan): every position of a block is tested against up to
   eight buckets of literals at once. Each literal is represented by a window of k of its bytes; a
   bucket matches at position i when each of the k bytes ending at i is one that some literal of
   the bucket has at that place of its window. A match is only a candidate: the caller compares
   the bucket's literals there.

   Two kernels, picked once per process by what the CPU has:
   - AVX-512 VBMI: one 64-entry table per window byte (its bucket bits by the byte's low 6 bits),
     looked up for 64 positions at once (vpermb);
   - AVX2: two 16-entry tables per window byte (by low and by high nibble), 32 positions at once
     (vpshufb); less exact, so more candidates. */

typedef struct {
    uint8_t cls[4][64];   /* [j][byte & 0x3F]: buckets whose window byte j is that byte (mod 64) */
    uint8_t lo[4][16];    /* [j][low nibble] */
    uint8_t hi[4][16];    /* [j][high nibble] */
    int k;                /* window length, 1...4 */
} lt_teddy_masks;

/* The kernel this CPU runs: 2 AVX-512 VBMI, 1 AVX2, 0 none (the caller uses a portable scanner). */
int lt_teddy_level(void);

/* Scans positions [from, n) of p (positions below k - 1 are skipped: no window ends there) and
   writes each candidate position, the last byte of a matching window, to pos and its bucket bits
   to bits, at most cap entries (cap >= 64). Returns how many were written; *next is where to
   resume, n when the block is done. level: 1 or 2, at most lt_teddy_level(). */
size_t lt_teddy_scan(int level, const lt_teddy_masks *m, const uint8_t *p, size_t n, size_t from,
                     uint32_t *pos, uint8_t *bits, size_t cap, size_t *next);

/* The newline index: bit (i % 64) of words[i / 64] is set when p[i] == '\n', for i in [0, n);
   words must hold (n + 63) / 64 entries (the bits past n are 0). level: what lt_newline_level()
   returned (2 AVX-512BW, 1 AVX2, 0 scalar) or less. */
int lt_newline_level(void);
void lt_newline_bits(int level, const uint8_t *p, size_t n, uint64_t *words);
#endif
