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

/// Remembers the names of one field last seen, 16 at most, by their raw JSON token (quotes and
/// escapes included): the same raw bytes always unescape to the same name, so a hit needs no
/// unescaping and no hashing. A field's names come from a small set (a handful of metrics,
/// variants, tasks) that repeats event after event.
class CachedName {
 public:
  /// The id remembered for this raw token, or -1.
  __attribute__((always_inline)) int32_t lookup(std::string_view raw) const {
    const Entry &entry = entries_[quick_key(raw) & 15];
    if (entry.id >= 0 && entry.length == raw.size() && equal_short(entry.bytes, raw.data(), raw.size())) return entry.id;
    return -1;
  }

  /// Remembers `id` for a raw token short enough to keep inline.
  void remember(std::string_view raw, int32_t id) {
    if (raw.size() > kInline) return;
    Entry &entry = entries_[quick_key(raw) & 15];
    entry.id = id;
    entry.length = raw.size();
    std::memcpy(entry.bytes, raw.data(), raw.size());
  }

 private:
  static constexpr size_t kInline = 48;
  struct Entry {
    int32_t id = -1;
    size_t length = 0;
    char bytes[kInline];
  };

  /// Equality of two short byte strings, eight bytes at a time, without a library call.
  static bool equal_short(const char *a, const char *b, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t x, y;
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) return false;
    }
    for (; i < n; i++) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }

  static size_t quick_key(std::string_view s) {
    size_t n = s.size();
    if (n < 3) return n;
    return n * 31 + static_cast<unsigned char>(s[1]) * 7 + static_cast<unsigned char>(s[n - 2]) * 3 +
           static_cast<unsigned char>(s[n / 2]);
  }

  Entry entries_[16];
};

}  // namespace rr
