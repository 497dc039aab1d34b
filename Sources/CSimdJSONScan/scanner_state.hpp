// The scanner's state: the simdjson parser, the name table and the batch being filled.
#pragma once
#include <simdjson.h>

#include <string_view>
#include <vector>

#include "flat_shape.hpp"
#include "include/rr_scan.h"
#include "name_table.hpp"

struct rr_scanner {
  simdjson::ondemand::parser parser;         // one line or document at a time
  simdjson::ondemand::parser stream_parser;  // many lines at a time (the fast path)
  rr::NameTable names;
  rr::CachedName task_name, metric_name, variant_name, type_name, level_name, worker_name, label_name;
  std::vector<rr_event> events;
  std::vector<rr_problem> problems;
  std::vector<uint8_t> arena;
  std::vector<uint8_t> padded_copy;  // a line whose padding would pass the readable bytes
  std::vector<uint8_t> rewritten;    // a line with its NaN / Infinity tokens quoted
  std::string unescaped;             // a string of the direct path with its escapes resolved
  std::vector<int16_t> kind_of_type;  // rr_kind by interned type name; 0 not yet known
  rr::FlatShapes shapes;              // the layouts of the last event objects the direct path parsed
  bool direct_path = true;            // lines tried by decode_flat_line before simdjson
  uint64_t direct_lines = 0;          // lines decode_flat_line decoded
  uint64_t program_objects = 0;       // objects of those decoded by a layout's program

  rr_slice append(std::string_view bytes) {
    rr_slice slice{arena.size(), bytes.size()};
    arena.insert(arena.end(), bytes.begin(), bytes.end());
    return slice;
  }

  void report(uint64_t line, int32_t element, rr_problem_code code, std::string_view detail) {
    problems.push_back(rr_problem{line, element, code, append(detail)});
  }

  /// Where the batch stood before a line, so that a malformed line leaves nothing behind.
  struct Mark {
    size_t events, problems, arena;
  };
  Mark mark() const { return Mark{events.size(), problems.size(), arena.size()}; }
  void rollback(Mark m) {
    events.resize(m.events);
    problems.resize(m.problems);
    arena.resize(m.arena);
  }
};

namespace rr {
/// What one event object held, before its kind's required fields are checked.
struct EventFields {
  rr_event event;
  bool has_value, has_text, has_key, has_url, has_values, value_null;
};

/// Checks an event's type and its kind's required fields: appends the event, or reports what is
/// missing and rolls the batch back to `mark` (where the event began).
void complete_event(rr_scanner &s, const EventFields &fields, rr_scanner::Mark mark, uint64_t line, int32_t element);

/// Decodes one line of flat event objects (or an array of them) without simdjson: the common
/// shape the SDKs write, strings and escapes well formed. Returns false, with the batch
/// as it was, for anything else; simdjson then decides. Reads up to 64 bytes past `end`.
bool decode_flat_line(rr_scanner &s, const uint8_t *begin, const uint8_t *end, uint64_t line);

/// The same for the line at `begin` whose end is not known yet: decodes its object or array
/// (never past a newline) and returns where it ends, or nullptr with the batch as it was. The
/// caller checks that only spaces follow it on its line. Reads up to 64 bytes past `end`.
const uint8_t *decode_flat_value(rr_scanner &s, const uint8_t *begin, const uint8_t *end, uint64_t line);

/// Decodes one event object into the batch. Returns a simdjson error only for a syntax error,
/// which spoils the whole line; a field problem is reported and the event skipped. At the top
/// of a line (element -1) an "events" array makes the object a response page of events.
simdjson::error_code decode_event(rr_scanner &s, simdjson::ondemand::object object, uint64_t line, int32_t element);

/// Decodes the events of a batch line or of a response page's "events" array.
simdjson::error_code scan_array(rr_scanner &s, simdjson::ondemand::array array, uint64_t line);

/// An event object, an array of events (a ClearML offline batch) or a response page
/// ({"events": [...], ...}). Returns a syntax error, or SUCCESS with problems reported.
simdjson::error_code scan_value(rr_scanner &s, simdjson::ondemand::value value, uint64_t line, int32_t element,
                                bool top_level);

/// The fast path: scans whole lines of buf[pos, len) with iterate_many, each document checked to
/// stand alone on its line, until a line needs the per-line path. Returns the offset of the first
/// line not scanned (a line start, or len) and moves `line` to its number.
size_t scan_lines_fast(rr_scanner &s, const uint8_t *buf, size_t len, size_t pos, uint64_t &line);
}  // namespace rr
