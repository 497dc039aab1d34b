// One ClearML event object (seeds/001) into an rr_event.
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "flat_number.hpp"
#include "nonfinite.hpp"
#include "scanner_state.hpp"

using namespace simdjson;

namespace rr {
namespace {

// A malformed number (NUMBER_ERROR) spoils the line: it may be a bare -Infinity to quote.
bool is_type_error(error_code e) { return e == INCORRECT_TYPE || e == NUMBER_OUT_OF_RANGE; }

/// What went wrong with the first invalid field of an event (static strings: no allocation
/// unless an event is actually skipped).
struct Invalid {
  std::string_view field, reason;
  void set(std::string_view f, std::string_view r) {
    if (field.empty()) { field = f; reason = r; }
  }
  bool any() const { return !field.empty(); }
  std::string text() const { return std::string(field) + ": " + std::string(reason); }
};

/// A number, or a string naming a non-finite number. Returns SUCCESS, a syntax error, or
/// INCORRECT_TYPE / NUMBER_ERROR when the value is of another kind.
__attribute__((always_inline)) inline error_code read_double(ondemand::value &v, double &out, bool &nonfinite, bool null_is_nan) {
  ondemand::json_type type;
  if (auto e = v.type().get(type)) return e;
  switch (type) {
    case ondemand::json_type::number: {
      // simdjson calls a malformed number (a bare -Infinity) the wrong type: it is a syntax error.
      std::string_view token = v.raw_json_token();
      if (auto e = v.get_double().get(out)) return e == INCORRECT_TYPE ? NUMBER_ERROR : e;
      flat_number::correct_long_mantissa(token, out);
      return SUCCESS;
    }
    case ondemand::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return e;
      if (!parse_nonfinite_name(s.data(), s.size(), out)) return INCORRECT_TYPE;
      nonfinite = true;
      return SUCCESS;
    }
    case ondemand::json_type::null:
      if (!null_is_nan) return INCORRECT_TYPE;
      out = std::numeric_limits<double>::quiet_NaN();
      nonfinite = true;
      return SUCCESS;
    default:
      return INCORRECT_TYPE;
  }
}

/// An integer (an integral float is accepted). NUMBER_OUT_OF_RANGE when it does not fit int64.
/// With `floor_fraction` (timestamps) a number with a fraction is floored (flat_number::floor_to_int64,
/// as the direct path floors it); without, it is INCORRECT_TYPE.
__attribute__((always_inline)) inline error_code read_int64(ondemand::value &v, int64_t &out, bool floor_fraction = false) {
  if (v.get_int64().get(out) == SUCCESS) return SUCCESS;
  ondemand::json_type type;
  if (auto e = v.type().get(type)) return e;
  if (type != ondemand::json_type::number) return INCORRECT_TYPE;
  double d = 0;
  std::string_view token = v.raw_json_token();
  if (auto e = v.get_double().get(d)) return e == INCORRECT_TYPE ? NUMBER_ERROR : e;
  flat_number::correct_long_mantissa(token, d);
  if (floor_fraction && std::isfinite(d)) {  // the range decided by the digits, exactly
    auto first = reinterpret_cast<const uint8_t *>(token.data());
    const uint8_t *stop = flat_number::token_end(first, first + token.size());
    return flat_number::floor_to_int64(first, stop, d, out) ? SUCCESS : NUMBER_OUT_OF_RANGE;
  }
  if (!std::isfinite(d) || d < -9.2233720368547758e18 || d >= 9.2233720368547758e18) return NUMBER_OUT_OF_RANGE;
  if (d != std::floor(d)) return INCORRECT_TYPE;  // 3.0 is an iteration, 1.5 is not
  out = static_cast<int64_t>(d);
  return SUCCESS;
}

/// Python's int() of a string, as clearml-server applies it to `iter`: surrounding whitespace,
/// a sign, ASCII digits with single underscores between them. False for anything else (the
/// server's int() raises on it and fails the whole add_batch).
bool python_int_of_text(std::string_view text, int64_t &out) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  size_t i = 0, n = text.size();
  while (i < n && space(text[i])) i++;
  while (n > i && space(text[n - 1])) n--;
  bool negative = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  if (i >= n) return false;
  unsigned __int128 magnitude = 0;
  bool digit_before = false;
  for (; i < n; i++) {
    char c = text[i];
    if (c == '_' && digit_before && i + 1 < n && text[i + 1] >= '0' && text[i + 1] <= '9') { digit_before = false; continue; }
    if (c < '0' || c > '9') return false;
    magnitude = magnitude * 10 + static_cast<unsigned>(c - '0');
    if (magnitude > (static_cast<unsigned __int128>(1) << 63)) return false;
    digit_before = true;
  }
  if (!negative && magnitude == (static_cast<unsigned __int128>(1) << 63)) return false;
  out = negative ? static_cast<int64_t>(-static_cast<__int128>(magnitude)) : static_cast<int64_t>(magnitude);
  return true;
}

/// An iteration as clearml-server stores it: `int(iter)`, so a number with a fraction is
/// truncated toward zero (1.9 is 1, -1.5 is -1), a string of digits is read ("12" is 12), true is 1.
error_code read_iteration(ondemand::value &v, int64_t &out) {
  error_code e = read_int64(v, out);
  if (e != INCORRECT_TYPE) return e;
  ondemand::json_type type;
  if (v.type().get(type)) return INCORRECT_TYPE;
  if (type == ondemand::json_type::number) {
    double d = 0;
    std::string_view token = v.raw_json_token();
    if (v.get_double().get(d)) return NUMBER_ERROR;
    flat_number::correct_long_mantissa(token, d);
    double whole = std::trunc(d);
    if (!std::isfinite(whole) || whole < -9.2233720368547758e18 || whole >= 9.2233720368547758e18) return NUMBER_OUT_OF_RANGE;
    out = static_cast<int64_t>(whole);
    return SUCCESS;
  }
  bool flag = false;
  if (type == ondemand::json_type::boolean && !v.get_bool().get(flag)) {  // int(True) is 1
    out = flag ? 1 : 0;
    return SUCCESS;
  }
  std::string_view text;
  if (type == ondemand::json_type::string && !v.get_string().get(text) && python_int_of_text(text, out)) return SUCCESS;
  return INCORRECT_TYPE;
}

bool is_null(ondemand::value &v) {
  ondemand::json_type type;
  return !v.type().get(type) && type == ondemand::json_type::null;
}

rr_kind kind_of(std::string_view type) {
  if (type == "training_stats_scalar") return RR_KIND_SCALAR;
  if (type == "log") return RR_KIND_LOG;
  if (type == "plot") return RR_KIND_PLOT;
  if (type == "training_debug_image") return RR_KIND_IMAGE;
  if (type == "training_stats_vector") return RR_KIND_VECTOR;
  return RR_KIND_UNKNOWN;
}

error_code read_values(rr_scanner &s, ondemand::value &v, rr_event &event, Invalid &invalid) {
  ondemand::array array;
  if (auto e = v.get_array().get(array)) return is_type_error(e) ? (invalid.set("values", "not an array"), SUCCESS) : e;
  while (s.arena.size() % 8) s.arena.push_back(0);
  size_t start = s.arena.size();
  for (auto element : array) {
    ondemand::value item;
    if (auto e = element.get(item)) return e;
    double d = 0;
    bool nonfinite = false;
    if (auto e = read_double(item, d, nonfinite, true)) {
      if (!is_type_error(e)) return e;
      invalid.set("values", "an element is not a number");
      continue;
    }
    uint8_t bytes[8];
    std::memcpy(bytes, &d, 8);
    s.arena.insert(s.arena.end(), bytes, bytes + 8);
  }
  event.values = rr_slice{start, s.arena.size() - start};
  return SUCCESS;
}

/// A string field: a wrong type is a field problem (noted in `invalid`), not a syntax error.
__attribute__((always_inline)) inline error_code read_string(ondemand::value &v, std::string_view field,
                                                             std::string_view &out, Invalid &invalid) {
  if (auto e = v.get_string().get(out)) {
    if (!is_type_error(e)) return e;
    if (!is_null(v)) invalid.set(field, "not a string");
    return INCORRECT_TYPE;
  }
  return SUCCESS;
}

/// A name field, interned: looked up by its raw token in the field's cache first, unescaped
/// and interned only when the cache has not seen it.
__attribute__((always_inline)) inline error_code read_interned(rr_scanner &s, ondemand::value &v, std::string_view field,
                                                               rr::CachedName &cache, int32_t &id, Invalid &invalid) {
  // Only a string's token is looked at raw: on a malformed value (a NUL where a value should
  // be) the token's end is not to be trusted (found by fuzzing: a read past the buffer). Its
  // first byte is: a string's token starts with its quote.
  std::string_view raw = v.raw_json_token();
  if (raw.empty() || raw.front() != '"') {
    raw = {};
  } else {
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' || raw.back() == '\n')) {
      raw.remove_suffix(1);
    }
  }
  bool is_string = raw.size() >= 2 && raw.front() == '"' && raw.back() == '"';
  if (is_string) {
    int32_t hit = cache.lookup(raw);
    if (hit >= 0) {
      // Consumed all the same: a value left unread lets On-Demand step over what follows it
      // more leniently, so a line read differently once a name was cached (found by fuzzing).
      ondemand::raw_json_string consumed;
      if (auto e = v.get_raw_json_string().get(consumed)) return e;
      id = hit;
      return SUCCESS;
    }
  }
  std::string_view text;
  if (auto e = read_string(v, field, text, invalid)) return e;
  id = s.names.intern(text);
  if (is_string) cache.remember(raw, id);
  return SUCCESS;
}

}  // namespace

error_code decode_event(rr_scanner &s, ondemand::object object, uint64_t line, int32_t element) {
  auto mark = s.mark();
  rr_event event{};
  event.task = event.metric = event.variant = event.type_name = -1;
  event.level = event.worker = event.x_axis_label = -1;
  event.line = line;
  bool has_value = false, has_text = false, has_key = false, has_url = false, has_values = false;
  bool value_null = false, is_page = false, has_ts = false;
  Invalid invalid;

  for (auto field : object) {
    ondemand::raw_json_string key;
    if (auto e = field.key().get(key)) return e;
    ondemand::value v;
    if (auto e = field.value().get(v)) return e;
    std::string_view text;
    error_code e = SUCCESS;
    const char c = *key.raw();  // the first byte narrows the comparisons to one or two
    if (c == 'm' && key == "method") {
      continue;
    } else if (c == 't' && key == "type") {
      e = read_interned(s, v, "type", s.type_name, event.type_name, invalid);
    } else if (c == 't' && key == "task") {
      e = read_interned(s, v, "task", s.task_name, event.task, invalid);
    } else if (c == 'm' && key == "metric") {
      e = read_interned(s, v, "metric", s.metric_name, event.metric, invalid);
    } else if (c == 'v' && key == "variant") {
      e = read_interned(s, v, "variant", s.variant_name, event.variant, invalid);
    } else if (c == 'i' && key == "iter") {
      if ((e = read_iteration(v, event.iter))) {
        if (is_type_error(e) && is_null(v)) continue;
        if (is_type_error(e)) invalid.set("iter", e == NUMBER_OUT_OF_RANGE ? "does not fit a signed 64-bit integer" : "not an integer");
      } else {
        event.flags |= RR_HAS_ITER;
      }
    } else if (c == 't' && key == "timestamp") {
      if (has_ts) {  // clearml-server renames `ts` to `timestamp`, over any timestamp
        int64_t ignored = 0;
        (void)read_int64(v, ignored, true);
        continue;
      }
      if ((e = read_int64(v, event.timestamp, true))) {  // fractional milliseconds floored
        if (is_type_error(e) && is_null(v)) continue;
        if (is_type_error(e)) invalid.set("timestamp", "not a number of epoch milliseconds");
      } else {
        event.flags |= RR_HAS_TIMESTAMP;
      }
    } else if (c == 't' && key == "ts") {
      has_ts = true;
      event.flags &= ~RR_HAS_TIMESTAMP;
      if ((e = read_int64(v, event.timestamp, true))) {
        if (is_type_error(e) && is_null(v)) continue;
        if (is_type_error(e)) invalid.set("ts", "not a number of epoch milliseconds");
      } else {
        event.flags |= RR_HAS_TIMESTAMP;
      }
    } else if (c == 'v' && key == "value") {
      bool nonfinite = false;
      if ((e = read_double(v, event.value, nonfinite, false))) {
        if (is_type_error(e) && is_null(v)) { value_null = true; continue; }
        if (is_type_error(e)) invalid.set("value", "not a number");
      } else {
        has_value = true;
        if (nonfinite || !std::isfinite(event.value)) event.flags |= RR_VALUE_NONFINITE;
      }
    } else if (c == 'v' && key == "values") {
      if ((e = read_values(s, v, event, invalid))) return e;
      has_values = true;
    } else if (c == 'm' && key == "msg") {
      if (!(e = read_string(v, "msg", text, invalid))) { event.text = s.append(text); has_text = true; }
    } else if (c == 'p' && key == "plot_str") {
      if (!(e = read_string(v, "plot_str", text, invalid))) { event.text = s.append(text); has_text = true; }
    } else if (c == 'l' && key == "level") {
      e = read_interned(s, v, "level", s.level_name, event.level, invalid);
    } else if (c == 'w' && key == "worker") {
      e = read_interned(s, v, "worker", s.worker_name, event.worker, invalid);
    } else if (c == 'k' && key == "key") {
      if (!(e = read_string(v, "key", text, invalid))) { event.key = s.append(text); has_key = true; }
    } else if (c == 'u' && key == "url") {
      if (!(e = read_string(v, "url", text, invalid))) { event.url = s.append(text); has_url = true; }
    } else if (c == 'e' && element < 0 && key == "events") {
      ondemand::array events;
      if ((e = v.get_array().get(events))) {
        if (is_type_error(e)) invalid.set("events", "not an array");
      } else {
        if ((e = scan_array(s, events, line))) return e;
        is_page = true;
      }
    } else if (c == 'x' && key == "x_axis_label") {
      e = read_interned(s, v, "x_axis_label", s.label_name, event.x_axis_label, invalid);
    }
    if (e && !is_type_error(e)) return e;
  }

  if (is_page) return SUCCESS;
  EventFields fields{event, has_value, has_text, has_key, has_url, has_values, value_null};
  if (invalid.any()) {
    s.rollback(mark);
    s.report(line, element, RR_PROBLEM_INVALID_FIELD, invalid.text());
    return SUCCESS;
  }
  complete_event(s, fields, mark, line, element);
  return SUCCESS;
}

void complete_event(rr_scanner &s, const EventFields &fields, rr_scanner::Mark mark, uint64_t line, int32_t element) {
  rr_event event = fields.event;
  auto skip = [&](rr_problem_code code, std::string_view detail) {
    s.rollback(mark);
    s.report(line, element, code, detail);
  };
  if (event.type_name < 0) return skip(RR_PROBLEM_MISSING_FIELD, "type");
  if (static_cast<size_t>(event.type_name) >= s.kind_of_type.size()) s.kind_of_type.resize(event.type_name + 1, 0);
  int16_t &kind = s.kind_of_type[event.type_name];
  if (kind == 0) kind = static_cast<int16_t>(kind_of(s.names[event.type_name]));
  event.kind = static_cast<uint16_t>(kind);
  switch (event.kind) {
    case RR_KIND_SCALAR:
      if (fields.value_null) return skip(RR_PROBLEM_INVALID_FIELD, "value: null");
      if (!fields.has_value) return skip(RR_PROBLEM_MISSING_FIELD, "value");
      break;
    case RR_KIND_PLOT:
      if (!fields.has_text) return skip(RR_PROBLEM_MISSING_FIELD, "plot_str");
      break;
    case RR_KIND_IMAGE:
      if (!fields.has_key && !fields.has_url) return skip(RR_PROBLEM_MISSING_FIELD, "url");
      break;
    case RR_KIND_VECTOR:
      if (!fields.has_values) return skip(RR_PROBLEM_MISSING_FIELD, "values");
      break;
    default:
      break;
  }
  s.events.push_back(event);
}

}  // namespace rr
