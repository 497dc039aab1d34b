// Lines and documents into events: the C API of rr_scan.h.
#include <cstring>

#include "nonfinite.hpp"
#include "scanner_state.hpp"

using namespace simdjson;

namespace {

const char *json_type_name(ondemand::json_type type) {
  switch (type) {
    case ondemand::json_type::array: return "an array";
    case ondemand::json_type::object: return "an object";
    case ondemand::json_type::number: return "a number";
    case ondemand::json_type::string: return "a string";
    case ondemand::json_type::boolean: return "a boolean";
    case ondemand::json_type::null: return "null";
  }
  return "a value";
}

/// Reads a scalar through, so that a bare word such as `not json` is malformed, not "null".
template <typename V>
error_code validate_scalar(V &value, ondemand::json_type type) {
  switch (type) {
    case ondemand::json_type::null: {
      bool is_null = false;
      if (auto e = value.is_null().get(is_null)) return e;
      return is_null ? SUCCESS : N_ATOM_ERROR;
    }
    case ondemand::json_type::boolean: return value.get_bool().error();
    case ondemand::json_type::number: return value.get_double().error();
    case ondemand::json_type::string: return value.get_string().error();
    default: return SUCCESS;
  }
}

}  // namespace

error_code rr::scan_value(rr_scanner &s, ondemand::value value, uint64_t line, int32_t element, bool top_level) {
  ondemand::json_type type;
  if (auto e = value.type().get(type)) return e;
  if (type == ondemand::json_type::object) {
    ondemand::object object;
    if (auto e = value.get_object().get(object)) return e;
    return rr::decode_event(s, object, line, top_level ? -1 : element);
  }
  if (type == ondemand::json_type::array && top_level) {
    ondemand::array array;
    if (auto e = value.get_array().get(array)) return e;
    return rr::scan_array(s, array, line);
  }
  if (auto e = validate_scalar(value, type)) return e;
  s.report(line, element, RR_PROBLEM_NOT_AN_EVENT, json_type_name(type));
  return SUCCESS;
}

namespace {

error_code scan_document(rr_scanner &s, const uint8_t *json, size_t len, size_t capacity, uint64_t line) {
  ondemand::document doc;
  if (auto e = s.parser.iterate(json, len, capacity).get(doc)) return e;
  ondemand::json_type type;
  if (auto e = doc.type().get(type)) return e;
  if (type == ondemand::json_type::object || type == ondemand::json_type::array) {
    ondemand::value value;
    if (auto e = doc.get_value().get(value)) return e;
    if (auto e = rr::scan_value(s, value, line, -1, true)) return e;
  } else {
    if (auto e = validate_scalar(doc, type)) return e;
    s.report(line, -1, RR_PROBLEM_NOT_AN_EVENT, json_type_name(type));
  }
  // Anything after the value (simdjson 3.0 has no document::at_end).
  if (doc.current_location().error() == SUCCESS) return TRAILING_CONTENT;
  return SUCCESS;
}

/// Scans one line (or document) with the whole line rolled back on a syntax error; a line with
/// bare NaN / Infinity tokens is scanned again with them quoted.
void scan_one(rr_scanner &s, const uint8_t *json, size_t len, size_t capacity, uint64_t line, bool truncated) {
  auto mark = s.mark();
  error_code e = scan_document(s, json, len, capacity, line);
  if (e == SUCCESS) return;
  s.rollback(mark);
  if (rr::quote_nonfinite_tokens(json, len, s.rewritten, RR_PADDING)) {
    size_t rewritten_len = s.rewritten.size() - RR_PADDING;
    if (scan_document(s, s.rewritten.data(), rewritten_len, s.rewritten.size(), line) == SUCCESS) return;
    s.rollback(mark);
  }
  if (truncated) {
    s.report(line, -1, RR_PROBLEM_TRUNCATED_LINE, error_message(e));
  } else {
    s.report(line, -1, RR_PROBLEM_MALFORMED_JSON, error_message(e));
  }
}

bool is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

/// Scans json[start, stop) with its padding guaranteed: in place when the readable bytes allow.
void scan_padded(rr_scanner &s, const uint8_t *buf, size_t start, size_t stop, size_t readable, uint64_t line,
                 bool truncated) {
  while (start < stop && is_space(buf[start])) start++;
  while (stop > start && is_space(buf[stop - 1])) stop--;
  if (start == stop) return;
  size_t len = stop - start;
  if (readable - start >= len + RR_PADDING) {
    scan_one(s, buf + start, len, readable - start, line, truncated);
    return;
  }
  s.padded_copy.assign(buf + start, buf + stop);
  s.padded_copy.insert(s.padded_copy.end(), RR_PADDING, 0);
  scan_one(s, s.padded_copy.data(), len, s.padded_copy.size(), line, truncated);
}

}  // namespace

namespace rr {
error_code scan_array(rr_scanner &s, ondemand::array array, uint64_t line) {
  int32_t index = 0;
  for (auto item : array) {
    ondemand::value value;
    if (auto e = item.get(value)) return e;
    if (auto e = rr::scan_value(s, value, line, index, false)) return e;
    index++;
  }
  return SUCCESS;
}
}  // namespace rr

extern "C" {

rr_scanner *rr_scanner_create(void) { return new (std::nothrow) rr_scanner(); }
void rr_scanner_destroy(rr_scanner *scanner) { delete scanner; }

void rr_scanner_set_direct_path(rr_scanner *scanner, int enabled) { scanner->direct_path = enabled != 0; }

uint64_t rr_direct_line_count(const rr_scanner *scanner) { return scanner->direct_lines; }

uint64_t rr_program_object_count(const rr_scanner *scanner) { return scanner->program_objects; }

void rr_scanner_clear(rr_scanner *scanner) {
  scanner->events.clear();
  scanner->problems.clear();
  scanner->arena.clear();
}

uint64_t rr_scan_lines(rr_scanner *scanner, const uint8_t *buf, size_t len, size_t readable, uint64_t first_line,
                       int input_ends) {
  // Lines the direct path gives back to simdjson in a row before simdjson's stream takes a
  // stretch of this many bytes (a log of escaped messages, say); then the direct path again.
  const int misses_before_stream = 8;
  const size_t stream_stretch = size_t(1) << 18;
  const bool stream_allowed = readable >= len + RR_PADDING;
  uint64_t line = first_line;
  size_t pos = 0;
  int misses = 0;
  while (pos < len) {
    if (misses >= misses_before_stream && stream_allowed) {
      misses = 0;
      const void *newline = len - pos > stream_stretch ? std::memchr(buf + pos + stream_stretch, '\n', len - pos - stream_stretch) : nullptr;
      size_t limit = newline ? static_cast<const uint8_t *>(newline) - buf + 1 : len;
      pos = rr::scan_lines_fast(*scanner, buf, limit, pos, line);
      if (pos >= len) break;
    }
    // Whether the direct path has had this line already (and failed: then it would fail again).
    bool direct_tried = false;
    if (scanner->direct_path && stream_allowed && (buf[pos] == '{' || buf[pos] == '[')) {
      // The common line: decoded first, its end found after it (no search for the newline).
      direct_tried = true;
      auto mark = scanner->mark();
      if (const uint8_t *after = rr::decode_flat_value(*scanner, buf + pos, buf + len, line)) {
        const uint8_t *p = after, *stop = buf + len;
        while (p < stop && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v')) p++;
        if (p == stop || *p == '\n') {
          misses = 0;
          scanner->direct_lines++;
          line++;
          pos = static_cast<size_t>(p - buf) + 1;
          continue;
        }
        scanner->rollback(mark);  // something after the value on its line: the per-line path decides
      }
    }
    const void *newline = std::memchr(buf + pos, '\n', len - pos);
    size_t end = newline ? static_cast<const uint8_t *>(newline) - buf : len;
    size_t start = pos, stop = end;
    while (start < stop && is_space(buf[start])) start++;
    while (stop > start && is_space(buf[stop - 1])) stop--;
    if (start < stop) {
      if (scanner->direct_path && !direct_tried && readable - stop >= 64 && rr::decode_flat_line(*scanner, buf + start, buf + stop, line)) {
        misses = 0;
        scanner->direct_lines++;
      } else {
        misses++;
        scan_padded(*scanner, buf, start, stop, readable, line, !newline && input_ends);
      }
    }
    line++;
    pos = end + 1;
  }
  return line - first_line;
}

void rr_scan_document(rr_scanner *scanner, const uint8_t *buf, size_t len, size_t readable, uint64_t line) {
  scan_padded(*scanner, buf, 0, len, readable, line, false);
}

size_t rr_event_count(const rr_scanner *scanner) { return scanner->events.size(); }
const rr_event *rr_events(const rr_scanner *scanner) { return scanner->events.data(); }
size_t rr_problem_count(const rr_scanner *scanner) { return scanner->problems.size(); }
const rr_problem *rr_problems(const rr_scanner *scanner) { return scanner->problems.data(); }
const uint8_t *rr_arena(const rr_scanner *scanner) { return scanner->arena.data(); }
size_t rr_name_count(const rr_scanner *scanner) { return scanner->names.size(); }

const uint8_t *rr_name(const rr_scanner *scanner, int32_t id, size_t *length) {
  const std::string &name = scanner->names[id];
  *length = name.size();
  return reinterpret_cast<const uint8_t *>(name.data());
}

}  // extern "C"
