// Python's json.dumps writes NaN, Infinity and -Infinity as bare tokens, which are not JSON.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rr {

/// Copies line[0, len) into `out` with every bare NaN / Infinity / -Infinity token outside a
/// string quoted ("NaN", "Infinity", "-Infinity"), followed by padding. Returns false, leaving
/// `out` unspecified, when the line holds no such token.
bool quote_nonfinite_tokens(const uint8_t *line, size_t len, std::vector<uint8_t> &out, size_t padding);

/// True for the strings that stand for a non-finite number: NaN, nan, Infinity, inf, Inf,
/// -Infinity, -inf, -Inf. Sets `value` accordingly.
bool parse_nonfinite_name(const char *s, size_t len, double &value);

}  // namespace rr
