// The values of the direct path's event objects: numbers as simdjson reads them, non-finite
// values as Python writes them, names through their caches, texts into the arena, and the
// field a key names.
#pragma once
#include <cmath>
#include <cstring>
#include <string_view>

#include "flat_cursor.hpp"
#include "flat_number.hpp"
#include "nonfinite.hpp"
#include "scanner_state.hpp"

namespace rr {
namespace flat_values {

/// A number value through one of flat_number's readers, the cursor moved past its token.
template <typename Value, bool (*Read)(const uint8_t *, const uint8_t *, Value &)>
__attribute__((always_inline)) inline bool read_number(FlatCursor &c, Value &out) {
  if (c.p >= c.end) return false;
  const uint8_t *stop = flat_number::token_end(c.p, c.end);
  if (!Read(c.p, stop, out)) return false;
  c.p = stop;
  return true;
}

/// An integer value, as simdjson's get_int64 reads it (3.0 and 1e3 go to the simdjson path).
__attribute__((always_inline)) inline bool read_int64(FlatCursor &c, int64_t &out) {
  flat_number::PlainNumber plain;
  if (c.p < c.end) {
    if (const uint8_t *after = flat_number::plain_number(c.p, c.end, plain); after && !plain.has_point) {
      out = plain.negative ? -static_cast<int64_t>(plain.mantissa) : static_cast<int64_t>(plain.mantissa);
      c.p = after;
      return true;
    }
  }
  return read_number<int64_t, flat_number::read_int64>(c, out);
}

/// A timestamp: an integer as read_int64 reads it, else a number with a fraction or an exponent
/// read as get_double reads it and floored to whole milliseconds, exactly as the simdjson path
/// floors it (flat_number::floor_to_int64). Anything else goes to the simdjson path.
__attribute__((always_inline)) inline bool read_timestamp(FlatCursor &c, int64_t &out) {
  if (read_int64(c, out)) return true;
  if (c.p >= c.end) return false;
  const uint8_t *stop = flat_number::token_end(c.p, c.end);
  double d;
  if (!flat_number::read_double(c.p, stop, d)) return false;
  if (!std::isfinite(d) || !flat_number::floor_to_int64(c.p, stop, d, out)) return false;
  c.p = stop;
  return true;
}

/// A number value, as simdjson's get_double reads it: a plain one through simdjson's own float
/// assembly, as its parser does with the same digits.
__attribute__((always_inline)) inline bool read_double(FlatCursor &c, double &out) {
  flat_number::PlainNumber plain;
  if (c.p < c.end) {
    if (const uint8_t *after = flat_number::plain_number(c.p, c.end, plain);
        after && flat_number::numberparsing::compute_float_64(-static_cast<int64_t>(plain.fraction_digits), plain.mantissa,
                                                               plain.negative, out)) {
      c.p = after;
      return true;
    }
  }
  return read_number<double, flat_number::read_double>(c, out);
}

/// An event's value: a number, or a non-finite one as Python's json writes it (a bare NaN,
/// Infinity or -Infinity) or as a string ("NaN", "inf", ...), read as the simdjson path reads
/// them after quoting the bare tokens.
inline bool read_value(FlatCursor &c, double &out, uint16_t &flags) {
  if (c.p < c.end && (*c.p == 'N' || *c.p == 'I' || *c.p == '-' || *c.p == '"')) {
    const uint8_t *start = c.p;
    std::string_view name;
    if (*c.p == '"') {
      bool escaped = false;
      if (!read_raw_string(c, name, escaped) || escaped) return false;
      name = name.substr(1, name.size() - 2);
    } else {
      for (std::string_view token : {std::string_view("NaN"), std::string_view("Infinity"), std::string_view("-Infinity")}) {
        if (static_cast<size_t>(c.end - c.p) >= token.size() && std::memcmp(c.p, token.data(), token.size()) == 0) {
          name = token;
          c.p += token.size();
          break;
        }
      }
    }
    if (!name.empty() && parse_nonfinite_name(name.data(), name.size(), out)) {
      flags |= RR_VALUE_NONFINITE;
      return true;
    }
    c.p = start;
    if (*c.p != '-') return false;
  }
  return read_double(c, out);
}

/// Steps over a value the event does not keep: a string, a number or a literal.
inline bool skip_scalar(FlatCursor &c) {
  if (c.at('"')) {
    std::string_view raw;
    bool escaped = false;
    return read_raw_string(c, raw, escaped);
  }
  for (std::string_view word : {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
    if (static_cast<size_t>(c.end - c.p) >= word.size() && std::memcmp(c.p, word.data(), word.size()) == 0) {
      c.p += word.size();
      return true;
    }
  }
  double ignored;
  return read_double(c, ignored);
}

/// An interned name through the field's cache of raw tokens (shared with the simdjson path).
__attribute__((always_inline)) inline bool read_name(rr_scanner &s, FlatCursor &c, CachedName &cache, int32_t &id) {
  std::string_view raw;
  bool escaped = false;
  if (!read_raw_string(c, raw, escaped)) return false;
  int32_t hit = cache.lookup(raw);
  if (hit < 0) {
    std::string_view text = raw.substr(1, raw.size() - 2);
    if (escaped) {
      s.unescaped.clear();
      if (!unescape(text, s.unescaped)) return false;
      text = s.unescaped;
    }
    hit = s.names.intern(text);
    cache.remember(raw, hit);
  }
  id = hit;
  return true;
}

/// A text field (a message, a plot, a key, a url) into the arena, its escapes resolved.
inline bool read_text(rr_scanner &s, FlatCursor &c, rr_slice &slice) {
  std::string_view raw;
  bool escaped = false;
  if (!read_raw_string(c, raw, escaped)) return false;
  std::string_view text = raw.substr(1, raw.size() - 2);
  if (escaped) {
    s.unescaped.clear();
    if (!unescape(text, s.unescaped)) return false;
    text = s.unescaped;
  }
  slice = s.append(text);
  return true;
}

inline FlatField field_of(const uint8_t *key, size_t n) {
  auto is = [&](const char *name) { return std::memcmp(key, name, n) == 0; };
  switch (n) {
    case 2: return is("ts") ? kNested : kOther;  // renamed `timestamp` by the server: the simdjson path reads it
    case 3: return is("msg") ? kMsg : is("key") ? kKey : is("url") ? kUrl : kOther;
    case 4: return is("type") ? kType : is("task") ? kTask : is("iter") ? kIter : kOther;
    case 5: return is("value") ? kValue : is("level") ? kLevel : kOther;
    case 6: return is("metric") ? kMetric : is("worker") ? kWorker : (is("values") || is("events")) ? kNested : kOther;
    case 7: return is("variant") ? kVariant : kOther;
    case 8: return is("plot_str") ? kPlot : kOther;
    case 9: return is("timestamp") ? kTimestamp : kOther;
    case 12: return is("x_axis_label") ? kLabel : kOther;
    default: return kOther;
  }
}

/// An event, its fields not yet read.
inline EventFields empty_fields(uint64_t line) {
  EventFields f{};
  f.event.task = f.event.metric = f.event.variant = f.event.type_name = -1;
  f.event.level = f.event.worker = f.event.x_axis_label = -1;
  f.event.line = line;
  return f;
}

/// The value of one field at the cursor.
__attribute__((always_inline)) inline bool read_field(rr_scanner &s, FlatCursor &c, FlatField field, EventFields &f) {
  rr_event &event = f.event;
  switch (field) {
    case kType: return read_name(s, c, s.type_name, event.type_name);
    case kTask: return read_name(s, c, s.task_name, event.task);
    case kMetric: return read_name(s, c, s.metric_name, event.metric);
    case kVariant: return read_name(s, c, s.variant_name, event.variant);
    case kLevel: return read_name(s, c, s.level_name, event.level);
    case kWorker: return read_name(s, c, s.worker_name, event.worker);
    case kLabel: return read_name(s, c, s.label_name, event.x_axis_label);
    case kIter: event.flags |= RR_HAS_ITER; return read_int64(c, event.iter);
    case kTimestamp: event.flags |= RR_HAS_TIMESTAMP; return read_timestamp(c, event.timestamp);
    case kValue: return f.has_value = read_value(c, event.value, event.flags);
    case kMsg:
    case kPlot: return f.has_text = read_text(s, c, event.text);
    case kKey: return f.has_key = read_text(s, c, event.key);
    case kUrl: return f.has_url = read_text(s, c, event.url);
    case kOther: return skip_scalar(c);
    case kNested: return false;
  }
  return false;
}

/// Where a name field keeps its id in the event; nullptr for the other fields.
__attribute__((always_inline)) inline int32_t *name_id(rr_event &event, FlatField field) {
  switch (field) {
    case kType: return &event.type_name;
    case kTask: return &event.task;
    case kMetric: return &event.metric;
    case kVariant: return &event.variant;
    case kLevel: return &event.level;
    case kWorker: return &event.worker;
    case kLabel: return &event.x_axis_label;
    default: return nullptr;
  }
}

}  // namespace flat_values
}  // namespace rr
