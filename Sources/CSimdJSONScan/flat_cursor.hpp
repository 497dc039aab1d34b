// The cursor of the direct path: one line's bytes, its spaces and separators, and its plain
// strings (well-formed escapes and UTF-8), found 32 bytes at a time.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace rr {

/// A position in one line. Reads stop at `end`; only the string scan looks past it.
struct FlatCursor {
  const uint8_t *p;
  const uint8_t *end;

  /// Mostly one space or none: that case costs a comparison or two.
  __attribute__((always_inline)) void skip_space() {
    if (p < end && *p == ' ') p++;
    if (p < end && *p <= ' ') skip_more_space();
  }
  /// JSON's spaces but the newline: a cursor never leaves its line, even when `end` lies past it.
  void skip_more_space() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) p++;
  }
  bool take(uint8_t c) {
    if (p < end && *p == c) {
      p++;
      return true;
    }
    return false;
  }
  bool at(uint8_t c) const { return p < end && *p == c; }

  /// The `:` after a key and the space after it.
  __attribute__((always_inline)) bool take_colon() {
    if (!take(':')) {
      skip_more_space();
      if (!take(':')) return false;
    }
    skip_space();
    return true;
  }

  /// After a value: true at a `,` (and the space after it), false at the closing `close`
  /// (taken) or anything else (`failed` set).
  __attribute__((always_inline)) bool next_member(uint8_t close, bool &failed) {
    if (p < end && *p <= ' ') skip_more_space();
    if (take(',')) {
      skip_space();
      return true;
    }
    failed = !take(close);
    return false;
  }
};

/// The length of the well-formed UTF-8 sequence of two to four bytes at p, or 0.
inline size_t utf8_sequence(const uint8_t *p, const uint8_t *end) {
  uint8_t c = p[0];
  size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || static_cast<size_t>(end - p) < n) return 0;
  for (size_t i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
  }
  if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F)) return 0;  // overlong; surrogates
  if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F)) return 0;  // overlong; past U+10FFFF
  return n;
}

inline bool is_hex(uint8_t c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

inline uint32_t hex4(const uint8_t *p) {
  uint32_t value = 0;
  for (int i = 0; i < 4; i++) {
    uint8_t c = p[i];
    value = value * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return value;
}

/// Past the byte at `stop` inside a string, which is not its closing quote: an escape (noted in
/// `escaped`) or a UTF-8 sequence. nullptr for a control byte, a malformed escape or malformed UTF-8.
inline const uint8_t *step_over(const uint8_t *stop, const uint8_t *end, bool &escaped) {
  if (*stop == '\\') {
    if (end - stop < 2) return nullptr;
    uint8_t e = stop[1];
    escaped = true;
    if (e == 'u') {
      if (end - stop < 6 || !is_hex(stop[2]) || !is_hex(stop[3]) || !is_hex(stop[4]) || !is_hex(stop[5])) return nullptr;
      return stop + 6;
    }
    bool simple = e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't';
    return simple ? stop + 2 : nullptr;
  }
  if (*stop < 0x80) return nullptr;
  size_t n = utf8_sequence(stop, end);
  return n ? stop + n : nullptr;
}

/// The closing quote of a string whose text starts at p, or nullptr when the string is not
/// well formed or the line ends first. `escaped` is set when the string holds escapes.
__attribute__((always_inline)) inline const uint8_t *string_end(const uint8_t *p, const uint8_t *end, bool &escaped) {
#if defined(__AVX2__)
  const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\'), space = _mm256_set1_epi8(0x20);
  while (p < end) {
    __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
    uint32_t quotes = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, quote)));
    // Signed compare: below 0x20 catches control bytes and every byte of 0x80 and above.
    __m256i other = _mm256_or_si256(_mm256_cmpeq_epi8(v, backslash), _mm256_cmpgt_epi8(space, v));
    uint32_t stops = quotes | static_cast<uint32_t>(_mm256_movemask_epi8(other));
    if (stops == 0) {
      p += 32;
      continue;
    }
    const uint8_t *stop = p + __builtin_ctz(stops);
    if (stop >= end) return nullptr;
    if (*stop == '"') return stop;
    p = step_over(stop, end, escaped);
    if (!p) return nullptr;
  }
  return nullptr;
#else
  while (p < end) {
    uint8_t c = *p;
    if (c == '"') return p;
    if (c >= 0x20 && c < 0x80 && c != '\\') {
      p++;
      continue;
    }
    p = step_over(p, end, escaped);
    if (!p) return nullptr;
  }
  return nullptr;
#endif
}

/// A string value's raw token, quotes included, checked well formed; `escaped` is set when it
/// holds escapes.
__attribute__((always_inline)) inline bool read_raw_string(FlatCursor &c, std::string_view &raw, bool &escaped) {
  if (!c.at('"')) return false;
  const uint8_t *close = string_end(c.p + 1, c.end, escaped);
  if (!close) return false;
  raw = std::string_view(reinterpret_cast<const char *>(c.p), static_cast<size_t>(close + 1 - c.p));
  c.p = close + 1;
  return true;
}

/// Appends the text of a well-formed string (between its quotes) with its escapes resolved.
/// False for a \u escape of NUL or of a surrogate not in a pair: simdjson decides those.
inline bool unescape(std::string_view text, std::string &out) {
  const uint8_t *p = reinterpret_cast<const uint8_t *>(text.data()), *close = p + text.size();
  while (p < close) {
    const void *found = std::memchr(p, '\\', static_cast<size_t>(close - p));
    const uint8_t *slash = found ? static_cast<const uint8_t *>(found) : close;
    out.append(reinterpret_cast<const char *>(p), static_cast<size_t>(slash - p));
    if (slash == close) break;
    uint8_t e = slash[1];
    p = slash + 2;
    if (e != 'u') {
      out.push_back(static_cast<char>(e == 'b' ? '\b' : e == 'f' ? '\f' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e));
      continue;
    }
    uint32_t code = hex4(slash + 2);
    p = slash + 6;
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (close - p < 6 || p[0] != '\\' || p[1] != 'u') return false;
      uint32_t low = hex4(p + 2);
      if (low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
      p += 6;
    } else if (code == 0 || (code >= 0xDC00 && code <= 0xDFFF)) {
      return false;
    }
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (code >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }
  return true;
}

}  // namespace rr
