// The layout of the event objects the direct path reads: the SDKs write one object after another
// with the same keys in the same order, so the bytes between their values repeat exactly.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "flat_program.hpp"
#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace rr {

/// The fields of an event object the direct path reads; kOther is read and dropped, kNested
/// (values, events) is left to simdjson.
enum FlatField : uint8_t {
  kOther, kType, kTask, kMetric, kVariant, kIter, kTimestamp, kValue, kMsg, kPlot, kLevel, kWorker,
  kKey, kUrl, kLabel, kNested
};

/// Bytes between two values (or before the first, or after the last), compared as words.
struct FlatLiteral {
  static constexpr size_t kCapacity = 32;
  uint8_t length = 0;
  uint8_t bytes[kCapacity];

  /// True when the line at p, which ends at `end`, goes on with these bytes.
  __attribute__((always_inline)) bool matches(const uint8_t *p, const uint8_t *end) const {
    size_t n = length;
    if (static_cast<size_t>(end - p) < n) return false;
    if (n >= 8 && n <= 16) {  // a key and its separators, most often: two words that may overlap
      return (word<uint64_t>(p) ^ word<uint64_t>(bytes)) == 0 && word<uint64_t>(p + n - 8) == word<uint64_t>(bytes + n - 8);
    }
    if (n >= 8) {
      for (size_t i = 0; i + 8 < n; i += 8) {
        if (word<uint64_t>(p + i) != word<uint64_t>(bytes + i)) return false;
      }
      return word<uint64_t>(p + n - 8) == word<uint64_t>(bytes + n - 8);
    }
    if (n >= 4) return word<uint32_t>(p) == word<uint32_t>(bytes) && word<uint32_t>(p + n - 4) == word<uint32_t>(bytes + n - 4);
    for (size_t i = 0; i < n; i++) {
      if (p[i] != bytes[i]) return false;
    }
    return true;
  }

  template <typename Word>
  static Word word(const uint8_t *p) {
    Word w;
    std::memcpy(&w, p, sizeof(Word));
    return w;
  }
};

/// The layout of the last event object decoded in full: each value's field and the bytes
/// before it, and the bytes that close the object. An object of the same layout is read by
/// comparing those bytes (keys, colons, commas, spaces) instead of parsing them. Learnt only
/// from an object the full decoder accepted, so the bytes are valid JSON structure.
class FlatShape {
 public:
  static constexpr size_t kMaxMembers = 16;
  /// The last string token a member's value was (quotes included, 32 bytes at most) and the
  /// name id it was interned as: the SDKs repeat a type, a task, a method line after line, and
  /// the same bytes again are the same value, found with one compare.
  struct Memo {
    uint8_t length = 0;  // 0: none
    int32_t id = -1;
    uint8_t bytes[32];

    /// True when the value at p is this token, byte for byte (its closing quote included, so the
    /// string ends there). Reads 32 bytes from p.
    __attribute__((always_inline)) bool matches(const uint8_t *p, const uint8_t *end) const {
      size_t n = length;
      if (n == 0 || static_cast<size_t>(end - p) < n) return false;
#if defined(__AVX2__)
      __m256i here = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
      __m256i kept = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(bytes));
      uint32_t equal = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(here, kept)));
      uint32_t wanted = n == 32 ? ~0u : (1u << n) - 1;
      return (equal & wanted) == wanted;
#else
      return std::memcmp(p, bytes, n) == 0;
#endif
    }
  };
  struct Member {
    FlatLiteral before;
    FlatField field;
    Memo memo;
    /// Objects in a row whose value matched the memo, and how many make it fixed in the program
    /// (more each time a fixed value changed, so that a value that changes now and then is read).
    uint8_t streak = 0, needed = kFirstNeeded;
    uint8_t misses = 0;  // objects in a row whose value did not match the memo
    bool fixed = false;  // in the program as part of a run
  };
  static constexpr uint8_t kFirstNeeded = 4, kMostNeeded = 128;
  /// Misses in a row after which a member's value is taken to change with every object.
  static constexpr uint8_t kChanging = 8;

  bool valid() const { return valid_; }
  size_t count() const { return count_; }
  const Member &operator[](size_t i) const { return members_[i]; }
  Member &operator[](size_t i) { return members_[i]; }
  const FlatLiteral &closing() const { return closing_; }
  FlatProgram &program() { return program_; }
  /// The program no longer fits the members' memos: to be compiled after the next object.
  bool stale = false;

  /// Starts learning at an object's opening brace.
  void begin(const uint8_t *object) {
    valid_ = false;
    learning_ = true;
    count_ = 0;
    last_ = object;
    program_.invalidate();
    stale = true;
  }
  /// A member's value starts at `value`.
  void member(const uint8_t *value, FlatField field) {
    if (!learning_) return;
    if (count_ == kMaxMembers || !store(members_[count_].before, value)) {
      learning_ = false;
      return;
    }
    members_[count_].memo.length = 0;
    members_[count_].streak = 0;
    members_[count_].misses = 0;
    members_[count_].needed = kFirstNeeded;
    members_[count_].fixed = false;
    members_[count_++].field = field;
  }
  /// A member's value ended just before `after`.
  void value_end(const uint8_t *after) { last_ = after; }
  /// The object ended just before `after`: the layout is learnt.
  void finish(const uint8_t *after) {
    if (learning_ && store(closing_, after)) valid_ = true;
    learning_ = false;
  }

 private:
  bool store(FlatLiteral &literal, const uint8_t *to) {
    size_t n = static_cast<size_t>(to - last_);
    if (n > FlatLiteral::kCapacity) return false;
    literal.length = static_cast<uint8_t>(n);
    std::memcpy(literal.bytes, last_, n);
    return true;
  }

  Member members_[kMaxMembers];
  FlatLiteral closing_;
  FlatProgram program_;
  size_t count_ = 0;
  const uint8_t *last_ = nullptr;
  bool valid_ = false, learning_ = false;
};

/// The layouts of the last two kinds of event object decoded in full, the one that fitted last
/// first: a dump's scalar lines and the log lines between them each keep theirs, so going from
/// one to the other and back costs no parse.
class FlatShapes {
 public:
  FlatShape &current() { return shapes_[index_]; }
  FlatShape &other() { return shapes_[index_ ^ 1]; }
  /// The other layout fitted: it becomes the current one.
  void swap() { index_ ^= 1; }

 private:
  FlatShape shapes_[2];
  uint8_t index_ = 0;
};

}  // namespace rr
