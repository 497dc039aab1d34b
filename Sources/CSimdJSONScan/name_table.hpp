// Interns names (task, metric, variant, level, worker, type) into dense ids.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace rr {

class NameTable {
 public:
  NameTable() : slots_(1024, -1) {}

  int32_t intern(std::string_view name) {
    uint64_t h = hash(name);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      int32_t id = slots_[i];
      if (id < 0) {
        id = static_cast<int32_t>(names_.size());
        names_.emplace_back(name);
        hashes_.push_back(h);
        slots_[i] = id;
        if (names_.size() * 2 > slots_.size()) grow();
        return id;
      }
      if (hashes_[id] == h && names_[id] == name) return id;
    }
  }

  size_t size() const { return names_.size(); }
  const std::string &operator[](int32_t id) const { return names_[id]; }

 private:
  static uint64_t hash(std::string_view s) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a, 64 bit
    for (unsigned char c : s) { h ^= c; h *= 1099511628211ull; }
    return h ^ (h >> 29);
  }

  void grow() {
    std::vector<int32_t> slots(slots_.size() * 2, -1);
    size_t mask = slots.size() - 1;
    for (int32_t id = 0; id < static_cast<int32_t>(names_.size()); id++) {
      size_t i = hashes_[id] & mask;
      while (slots[i] >= 0) i = (i + 1) & mask;
      slots[i] = id;
    }
    slots_.swap(slots);
  }

  std::vector<int32_t> slots_;
  std::vector<std::string> names_;
  std::vector<uint64_t> hashes_;
};

/// Remembers the names of one field last seen, 32 at most, by their raw JSON token (quotes and
/// escapes included): the same raw bytes always unescape to the same name, so a hit needs no
/// unescaping and no hashing of the whole name. A field's names come from a small set (a
/// handful of metrics, variants, tasks) that repeats event after event.
class CachedName {
 public:
  /// The id remembered for this raw token, or -1.
  __attribute__((always_inline)) int32_t lookup(std::string_view raw) const {
    const Entry &entry = entries_[slot(raw)];
    if (entry.id >= 0 && entry.length == raw.size() && equal_short(entry.bytes, raw.data(), raw.size())) return entry.id;
    return -1;
  }

  /// Remembers `id` for a raw token short enough to keep inline.
  void remember(std::string_view raw, int32_t id) {
    if (raw.size() > kInline) return;
    Entry &entry = entries_[slot(raw)];
    entry.id = id;
    entry.length = static_cast<uint32_t>(raw.size());
    std::memcpy(entry.bytes, raw.data(), raw.size());
  }

 private:
  static constexpr size_t kInline = 56;
  static constexpr int kSlotBits = 5;
  struct Entry {
    int32_t id = -1;
    uint32_t length = 0;
    char bytes[kInline];
  };

  /// Equality of two byte strings of n >= 2 bytes, in words: the last word overlaps the one
  /// before it rather than finishing byte by byte.
  static bool equal_short(const char *a, const char *b, size_t n) {
    if (n >= 8) {
      for (size_t i = 0; i + 8 < n; i += 8) {
        if (load<uint64_t>(a + i) != load<uint64_t>(b + i)) return false;
      }
      return load<uint64_t>(a + n - 8) == load<uint64_t>(b + n - 8);
    }
    if (n >= 4) return load<uint32_t>(a) == load<uint32_t>(b) && load<uint32_t>(a + n - 4) == load<uint32_t>(b + n - 4);
    return load<uint16_t>(a) == load<uint16_t>(b) && load<uint16_t>(a + n - 2) == load<uint16_t>(b + n - 2);
  }

  template <typename Word>
  static Word load(const char *p) {
    Word w;
    std::memcpy(&w, p, sizeof(Word));
    return w;
  }

  /// A slot from the token's length, its first and its last eight bytes (a raw token has at
  /// least its two quotes).
  static size_t slot(std::string_view s) {
    size_t n = s.size();
    uint64_t head = 0, tail = 0;
    if (n >= 8) {
      std::memcpy(&head, s.data(), 8);
      std::memcpy(&tail, s.data() + n - 8, 8);
    } else {
      std::memcpy(&head, s.data(), n);
    }
    uint64_t h = (head * 0x9E3779B97F4A7C15ull) ^ (tail * 0xC2B2AE3D27D4EB4Full) ^ (n * 0x165667B19E3779F9ull);
    return static_cast<size_t>(h >> (64 - kSlotBits));
  }

  Entry entries_[1 << kSlotBits];
};

}  // namespace rr
