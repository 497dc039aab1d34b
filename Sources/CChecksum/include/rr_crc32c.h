#ifndef RR_CRC32C_H
#define RR_CRC32C_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// CRC-32C (Castagnoli) of `count` bytes, continuing from `crc` (0 to start): the checksum of
/// TFRecord framing (TensorBoard event files) and of W&B's record log. SSE4.2's crc32
/// instruction where the build has it, else a table.
uint32_t rr_crc32c(uint32_t crc, const void *bytes, size_t count);

#ifdef __cplusplus
}
#endif

#endif
