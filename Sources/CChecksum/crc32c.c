#include "rr_crc32c.h"

#include <string.h>

#if defined(__SSE4_2__)
#include <nmmintrin.h>

uint32_t rr_crc32c(uint32_t crc, const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    uint64_t c = ~crc;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        c = _mm_crc32_u64(c, word);
        p += 8;
        count -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (count-- > 0) c32 = _mm_crc32_u8(c32, *p++);
    return ~c32;
}

#else

#include <pthread.h>

static uint32_t table[256];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void make_table(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        table[i] = c;
    }
}

uint32_t rr_crc32c(uint32_t crc, const void *bytes, size_t count) {
    pthread_once(&table_once, make_table);
    const unsigned char *p = bytes;
    uint32_t c = ~crc;
    while (count-- > 0) c = table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    return ~c;
}

#endif
