// Numbers for the direct path: the common forms read eight digits at a time, the result the one
// simdjson's get_int64 / get_double gives (its own float assembly, or its parser for the rest).
#pragma once
#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>
#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace rr {
namespace flat_number {

namespace numberparsing = simdjson::builtin::numberparsing;

inline bool is_digit(uint8_t c) { return static_cast<uint8_t>(c - '0') <= 9; }

/// The value of eight ASCII digits (the first byte most significant).
inline uint32_t eight_digits(uint64_t word) {
  word -= 0x3030303030303030ull;
  word = (word * 10) + (word >> 8);
  word = (((word & 0x000000FF000000FFull) * 0x000F424000000064ull) +
          (((word >> 16) & 0x000000FF000000FFull) * 0x0000271000000001ull)) >> 32;
  return static_cast<uint32_t>(word);
}

/// How many of the eight bytes, from the first, are ASCII digits before any other byte.
inline unsigned leading_digits(uint64_t word) {
  uint64_t x = word ^ 0x3030303030303030ull;  // digits become 0..9
  // A byte's top bit set when it is 10 or more. A carry only leaves a byte that is not a digit,
  // so every byte up to the first non-digit is judged right.
  uint64_t other = ((x + 0x7676767676767676ull) | x) & 0x8080808080808080ull;
  return other ? static_cast<unsigned>(__builtin_ctzll(other)) / 8 : 8;
}

/// Reads a run of digits from p (not past end) into `value` (value * 10^n + digits; wraps past
/// 19 digits, which the callers count). Returns the end of the run. Reads eight bytes at a time,
/// up to seven past `end` (the padding after a line makes them readable).
__attribute__((always_inline)) inline const uint8_t *digits(const uint8_t *p, const uint8_t *end, uint64_t &value) {
  static constexpr uint64_t kPowers[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
  while (p < end) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    size_t n = leading_digits(word);
    if (n > static_cast<size_t>(end - p)) n = static_cast<size_t>(end - p);
    if (n == 8) {
      value = value * 100000000 + eight_digits(word);
      p += 8;
      continue;
    }
    if (n > 0) {
      // The n digits moved to the end of the word, '0's before them: their value.
      uint64_t shifted = (word << (64 - 8 * n)) | (0x3030303030303030ull >> (8 * n));
      value = value * kPowers[n] + eight_digits(shifted);
      p += n;
    }
    break;
  }
  return p;
}

/// The end of a number's token: the first byte that is no digit, sign, point or exponent mark
/// (at most `end`). Reads up to 32 bytes from p.
__attribute__((always_inline)) inline const uint8_t *token_end(const uint8_t *p, const uint8_t *end) {
#if defined(__AVX2__)
  __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
  __m256i offset = _mm256_sub_epi8(v, _mm256_set1_epi8('0'));
  __m256i digit = _mm256_cmpeq_epi8(_mm256_min_epu8(offset, _mm256_set1_epi8(9)), offset);
  __m256i mark = _mm256_or_si256(
      _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('.')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('-'))),
      _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('+')),
                      _mm256_cmpeq_epi8(_mm256_or_si256(v, _mm256_set1_epi8(0x20)), _mm256_set1_epi8('e'))));
  uint32_t other = ~static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(digit, mark)));
  if (other) {
    const uint8_t *stop = p + __builtin_ctz(other);
    return stop <= end ? stop : end;
  }
  p += 32;  // a token of 32 bytes or more: rare enough for the plain loop
#endif
  while (p < end && (is_digit(*p) || *p == '.' || *p == '-' || *p == '+' || *p == 'e' || *p == 'E')) p++;
  return p;
}

/// The value of n (1 to 8) ASCII digits at the start of `word` (the first byte most significant).
__attribute__((always_inline)) inline uint64_t leading_value(uint64_t word, unsigned n) {
  if (n == 8) return eight_digits(word);
  return eight_digits((word << (64 - 8 * n)) | (0x3030303030303030ull >> (8 * n)));
}

/// The value of n (1 to 19) ASCII digits at p.
__attribute__((always_inline)) inline uint64_t digits_value(const uint8_t *p, unsigned n) {
  static constexpr uint64_t kPowers[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
  uint64_t first, second, third;
  std::memcpy(&first, p, 8);
  if (n <= 8) return leading_value(first, n);
  std::memcpy(&second, p + 8, 8);
  if (n <= 16) return uint64_t(eight_digits(first)) * kPowers[n - 8] + leading_value(second, n - 8);
  std::memcpy(&third, p + 16, 8);
  return (uint64_t(eight_digits(first)) * kPowers[8] + eight_digits(second)) * kPowers[n - 16] + leading_value(third, n - 16);
}

/// A number in its most common form, `-`? then 1 to 16 integer digits (no leading zero before
/// another digit), then `.` and 1 to 18 fraction digits or nothing, at most 19 digits in all
/// (Python's repr of a float below 0.1, 0.07069537619509635, has 18),
/// read from one 32-byte window: its digits as one integer and how many were fraction digits.
struct PlainNumber {
  uint64_t mantissa;
  unsigned fraction_digits;
  bool negative;
  bool has_point;
};

/// Reads a plain number at p (its token ending by `end`); nullptr for any other form, which
/// the general readers then decide. Reads 32 bytes from p.
__attribute__((always_inline)) inline const uint8_t *plain_number(const uint8_t *p, const uint8_t *end, PlainNumber &out) {
#if defined(__AVX2__)
  __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
  __m256i offset = _mm256_sub_epi8(v, _mm256_set1_epi8('0'));
  __m256i digit = _mm256_cmpeq_epi8(_mm256_min_epu8(offset, _mm256_set1_epi8(9)), offset);
  uint64_t other = ~static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(digit)));  // bits 32+ set
  unsigned start = *p == '-';
  unsigned whole = static_cast<unsigned>(__builtin_ctzll(other >> start));
  if (whole == 0 || whole > 16 || (p[start] == '0' && whole > 1)) return nullptr;
  unsigned position = start + whole, fraction = 0;
  uint64_t value = digits_value(p + start, whole);
  bool point = p[position] == '.';
  if (point) {
    fraction = static_cast<unsigned>(__builtin_ctzll(other >> (position + 1)));
    if (fraction == 0 || whole + fraction > 19) return nullptr;
    static constexpr uint64_t kPowers[19] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
                                             1000000000, 10000000000, 100000000000, 1000000000000, 10000000000000,
                                             100000000000000, 1000000000000000, 10000000000000000,
                                             100000000000000000, 1000000000000000000};
    value = value * kPowers[fraction] + digits_value(p + position + 1, fraction);
    position += 1 + fraction;
  }
  if (position >= 32 || p + position > end) return nullptr;
  uint8_t next = p[position];
  if (next == '.' || next == '+' || next == '-' || (next | 0x20) == 'e') return nullptr;
  out = PlainNumber{value, fraction, start == 1, point};
  return p + position;
#else
  (void)p, (void)end, (void)out;
  return nullptr;
#endif
}

/// The sign and the integer digits that open a number token [p, stop).
struct IntegerPart {
  bool negative;
  const uint8_t *first, *end;  // the digits
  uint64_t value;              // wraps past 19 digits
  size_t count() const { return static_cast<size_t>(end - first); }
  /// At least one digit, and no leading zero before another digit.
  bool well_formed() const { return count() > 0 && (*first != '0' || count() == 1); }
};

__attribute__((always_inline)) inline IntegerPart integer_part(const uint8_t *p, const uint8_t *stop) {
  IntegerPart part{p < stop && *p == '-', nullptr, nullptr, 0};
  part.first = p + part.negative;
  part.end = digits(part.first, stop, part.value);
  return part;
}

/// An integer token [p, stop) as get_int64 reads it; false for anything else (a float, a
/// number out of range, a malformed token).
__attribute__((always_inline)) inline bool read_int64(const uint8_t *p, const uint8_t *stop, int64_t &out) {
  IntegerPart part = integer_part(p, stop);
  if (part.end == stop && part.well_formed() && part.count() <= 18) {
    out = part.negative ? -static_cast<int64_t>(part.value) : static_cast<int64_t>(part.value);
    return true;
  }
  return !numberparsing::parse_integer(p, stop).get(out);
}

/// A number token [p, stop) read (by either path, as get_double reads it) as the finite `d`,
/// floored to whole units: a timestamp in fractional milliseconds
/// (1700000000000.7 is 1700000000000). In plain decimal notation the token's own integer digits
/// decide, exactly, whatever its fraction (-0.5 is -1); with an exponent, floor(d). False when the
/// result does not fit int64. Both scan paths floor through this, so they agree to the bit.
inline bool floor_to_int64(const uint8_t *p, const uint8_t *stop, double d, int64_t &out) {
  IntegerPart part{p < stop && *p == '-', nullptr, nullptr, 0};
  part.first = p + part.negative;
  part.end = part.first;
  while (part.end < stop && is_digit(*part.end) && part.count() < 20) part.value = part.value * 10 + (*part.end++ - '0');
  const uint8_t *q = part.end;
  if (part.well_formed() && part.count() <= 19 && q < stop && *q == '.') {
    const uint8_t *f = q + 1;
    bool nonzero = false;
    while (f < stop && is_digit(*f)) nonzero |= *f++ != '0';
    if (f == stop && f > q + 1) {
      uint64_t magnitude = part.value + (part.negative && nonzero ? 1 : 0);  // 19 digits: no wrap
      if (part.negative) {
        if (magnitude > 9223372036854775808ull) return false;
        out = magnitude == 9223372036854775808ull ? INT64_MIN : -static_cast<int64_t>(magnitude);
      } else {
        if (magnitude > static_cast<uint64_t>(INT64_MAX)) return false;
        out = static_cast<int64_t>(magnitude);
      }
      return true;
    }
  }
  double floored = std::floor(d);
  if (!(floored >= -9223372036854775808.0 && floored < 9223372036854775808.0)) return false;
  out = static_cast<int64_t>(floored);
  return true;
}

/// Corrects simdjson 3.0.1 (Debian's) for a number of more than 19 digits before its exponent:
/// it can assemble one from its wrapped 64-bit mantissa (simdjson#2093, fixed in 3.6.3:
/// 0.95000000000000000000 reads as 0.0277). Such a token is read again with from_chars, which
/// rounds correctly; both paths of the scan do this after simdjson accepted the token.
inline void correct_long_mantissa(std::string_view token, double &out) {
  size_t count = 0;
  for (char c : token) {
    if (c == 'e' || c == 'E') break;
    count += is_digit(static_cast<uint8_t>(c));
  }
  if (count <= 19) return;
  double careful;
  auto result = std::from_chars(token.data(), token.data() + token.size(), careful);
  if (result.ec == std::errc()) out = careful;
}

/// A number token [p, stop) as get_double reads it: the same mantissa and power of ten through
/// simdjson's float assembly, and simdjson's parser whenever that is not the common case.
__attribute__((always_inline)) inline bool read_double(const uint8_t *p, const uint8_t *stop, double &out) {
  IntegerPart part = integer_part(p, stop);
  uint64_t mantissa = part.value;
  const uint8_t *q = part.end;
  size_t count = part.count();
  bool simple = part.well_formed();
  int64_t power = 0;
  if (simple && q < stop && *q == '.') {
    const uint8_t *fraction = q + 1;
    q = digits(fraction, stop, mantissa);
    power = -(q - fraction);
    count += static_cast<size_t>(q - fraction);
    simple = q > fraction;
  }
  if (simple && q < stop && (*q == 'e' || *q == 'E')) {
    q++;
    bool exponent_negative = q < stop && *q == '-';
    if (q < stop && (*q == '-' || *q == '+')) q++;
    uint64_t exponent = 0;
    const uint8_t *exponent_digits = q;
    q = digits(exponent_digits, stop, exponent);
    simple = q > exponent_digits && q - exponent_digits <= 8;
    power += exponent_negative ? -static_cast<int64_t>(exponent) : static_cast<int64_t>(exponent);
  }
  // At most 19 digits and a power in range: exactly simdjson's own fast case.
  if (simple && q == stop && count <= 19 && power >= simdjson::internal::smallest_power &&
      power <= simdjson::internal::largest_power && numberparsing::compute_float_64(power, mantissa, part.negative, out)) {
    return true;
  }
  if (numberparsing::parse_double(p, stop).get(out)) return false;
  correct_long_mantissa(std::string_view(reinterpret_cast<const char *>(p), static_cast<size_t>(stop - p)), out);
  return true;
}

}  // namespace flat_number
}  // namespace rr
