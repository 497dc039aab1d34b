// A layout's program: the bytes of an event object that repeat from one object to the next,
// the members whose value has not changed for a while included, compared as long runs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include "include/rr_scan.h"

namespace rr {

/// Up to kCapacity bytes an object must go on with, compared 32 at a time.
struct FlatRun {
  static constexpr size_t kCapacity = 160;
  uint8_t length = 0;
  uint8_t blocks = 1;       // blocks of 32 bytes compared, the last one partly (one for an empty run)
  uint32_t last_mask = 0;   // the bytes of the last block that belong to the run
  uint8_t bytes[kCapacity + 32];  // the compare of the last block reads past `length`

  /// True when the line at p, which ends at `end`, goes on with these bytes. Reads whole blocks
  /// of 32 bytes from p, up to 32 past the run (the padding after a line makes them readable).
  __attribute__((always_inline)) bool matches(const uint8_t *p, const uint8_t *end) const {
    if (static_cast<size_t>(end - p) < length) return false;
#if defined(__AVX2__)
    const uint8_t *kept = bytes;
    for (unsigned block = 1; block < blocks; block++, p += 32, kept += 32) {
      if (equal_bytes(p, kept) != ~0u) return false;
    }
    return (equal_bytes(p, kept) & last_mask) == last_mask;
#else
    return std::memcmp(p, bytes, length) == 0;
#endif
  }

  /// Appends n bytes; false when they do not fit.
  bool append(const uint8_t *from, size_t n) {
    if (length + n > kCapacity) return false;
    std::memcpy(bytes + length, from, n);
    length = static_cast<uint8_t>(length + n);
    return true;
  }

  /// Counts the blocks of the bytes appended.
  void seal() {
    blocks = static_cast<uint8_t>(length == 0 ? 1 : (length + 31) / 32);
    size_t last = length - 32u * (blocks - 1u);
    last_mask = last >= 32 ? ~0u : (1u << last) - 1;
  }

 private:
#if defined(__AVX2__)
  /// A bit for each of the 32 bytes at a that equals the one at b.
  __attribute__((always_inline)) static uint32_t equal_bytes(const uint8_t *a, const uint8_t *b) {
    __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(a));
    __m256i y = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(b));
    return static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, y)));
  }
#endif
};

/// A layout compiled into steps: each compares a run (the bytes before a member's value, and
/// the members taken as fixed with the bytes after them) and then reads one member's value;
/// the last step's run closes the object. The fixed members' names are set in `preset`.
class FlatProgram {
 public:
  static constexpr size_t kMaxSteps = 17;
  static constexpr int8_t kCloses = -1;
  struct Step {
    FlatRun run;
    int8_t member;  // the member whose value follows the run; kCloses for the last step
  };

  bool valid() const { return valid_; }
  void invalidate() { valid_ = false; }
  const Step &operator[](size_t i) const { return steps_[i]; }
  /// The event a decode starts from: no field read, the fixed members' names set, and its kind
  /// when the type is fixed (0 otherwise).
  const rr_event &preset() const { return preset_; }

  /// Starts a program from `preset`.
  void begin(const rr_event &preset) {
    valid_ = false;
    count_ = 0;
    preset_ = preset;
    steps_[0].run.length = 0;
  }
  /// Appends bytes to the current step's run; false when the program cannot hold them.
  bool append(const uint8_t *bytes, size_t n) { return count_ < kMaxSteps && steps_[count_].run.append(bytes, n); }
  /// Room left in the current step's run.
  size_t room() const { return FlatRun::kCapacity - steps_[count_].run.length; }
  /// Ends the current step with the read of `member` (or kCloses); after kCloses the program is whole.
  bool end_step(int8_t member) {
    if (count_ == kMaxSteps) return false;
    steps_[count_].run.seal();
    steps_[count_++].member = member;
    if (member == kCloses) {
      valid_ = true;
    } else if (count_ < kMaxSteps) {
      steps_[count_].run.length = 0;
    }
    return true;
  }
  rr_event &preset() { return preset_; }

 private:
  Step steps_[kMaxSteps];
  rr_event preset_{};
  size_t count_ = 0;
  bool valid_ = false;
};

}  // namespace rr
