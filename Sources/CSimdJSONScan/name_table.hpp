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

/// Remembers the names last interned through it, 16 at most, by a cheap key: a field's names
/// come from a small set (a handful of metrics, variants, tasks) that repeats event after event.
/// Short names are kept inline, so that a hit compares bytes with no indirection.
class CachedName {
 public:
  __attribute__((always_inline)) int32_t intern(NameTable &table, std::string_view name) {
    Entry &entry = entries_[quick_key(name) & 15];
    if (entry.id >= 0 && entry.length == name.size()) {
      if (entry.length <= kInline ? equal_short(entry.bytes, name.data(), name.size())
                                  : std::memcmp(table[entry.id].data(), name.data(), name.size()) == 0) {
        return entry.id;
      }
    }
    entry.id = table.intern(name);
    entry.length = name.size();
    if (name.size() <= kInline) std::memcpy(entry.bytes, name.data(), name.size());
    return entry.id;
  }

 private:
  static constexpr size_t kInline = 40;
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
    if (n == 0) return 0;
    return n * 31 + static_cast<unsigned char>(s[0]) * 7 + static_cast<unsigned char>(s[n - 1]) * 3 +
           static_cast<unsigned char>(s[n / 2]);
  }

  Entry entries_[16];
};

}  // namespace rr
