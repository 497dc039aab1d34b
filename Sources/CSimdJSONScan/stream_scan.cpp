// The fast path of the line scan: simdjson's iterate_many over many lines at once, with every
// document checked to stand alone on its line. Anything else is left to the per-line path.
#include <cstring>

#include "scanner_state.hpp"

using namespace simdjson;

namespace {

bool all_space(const uint8_t *buf, size_t from, size_t to) {
  for (size_t i = from; i < to; i++) {
    uint8_t c = buf[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

uint64_t count_newlines(const uint8_t *buf, size_t from, size_t to) {
  uint64_t count = 0;
  while (from < to) {
    const void *newline = std::memchr(buf + from, '\n', to - from);
    if (!newline) break;
    count++;
    from = static_cast<const uint8_t *>(newline) - buf + 1;
  }
  return count;
}

}  // namespace

namespace rr {

size_t scan_lines_fast(rr_scanner &s, const uint8_t *buf, size_t len, size_t pos, uint64_t &line) {
  // Always the same window: simdjson reallocates its buffers whenever the size changes. A line
  // longer than the window stops the fast path and is read by the per-line path.
  const size_t window = size_t(1) << 20;
  ondemand::document_stream stream;
  if (s.stream_parser.iterate_many(buf + pos, len - pos, window).get(stream)) return pos;

  size_t cursor = pos;  // a line start: the newlines before it are counted in cursor_line
  uint64_t cursor_line = line;
  bool pending = false;  // the last document scanned, not yet known to end on its line
  size_t pending_at = 0, pending_line_start = 0;
  uint64_t pending_line = 0;
  rr_scanner::Mark pending_mark{};
  bool stopped = false;  // the stream stopped at a bad document

  for (auto it = stream.begin(); it != stream.end(); ++it) {
    ondemand::document_reference doc;
    if ((*it).get(doc)) {
      stopped = true;
      break;
    }
    size_t at = pos + it.current_index();
    size_t first_newline = SIZE_MAX;
    while (true) {
      const void *newline = std::memchr(buf + cursor, '\n', at - cursor);
      if (!newline) break;
      size_t offset = static_cast<const uint8_t *>(newline) - buf;
      if (first_newline == SIZE_MAX) first_newline = offset;
      cursor = offset + 1;
      cursor_line++;
    }
    if (pending && (first_newline == SIZE_MAX || first_newline < pending_at || !all_space(buf, first_newline + 1, at))) {
      // Two documents on one line, or one over several lines: the per-line path decides.
      s.rollback(pending_mark);
      line = pending_line;
      return pending_line_start;
    }
    pending = false;
    if ((buf[at] != '{' && buf[at] != '[') || !all_space(buf, cursor, at)) {
      // A document that does not open its line with an object or an array: the per-line
      // path decides.
      line = cursor_line;
      return cursor;
    }
    auto mark = s.mark();
    ondemand::value value;
    if (doc.get_value().get(value) || rr::scan_value(s, value, cursor_line, -1, true)) {
      s.rollback(mark);
      line = cursor_line;
      return cursor;
    }
    pending = true;
    pending_at = at;
    pending_line_start = cursor;
    pending_line = cursor_line;
    pending_mark = mark;
  }

  if (!pending) {
    if (all_space(buf, cursor, len)) {
      line = cursor_line + count_newlines(buf, cursor, len);
      return len;
    }
    line = cursor_line;
    return cursor;
  }
  const void *newline = std::memchr(buf + pending_at, '\n', len - pending_at);
  // The last line has no newline, or the stream stopped at a bad document or left bytes it could
  // not make a document of, which may stand on the last document's own line (`{...}""}`: the
  // document was read, what follows it on its line never was; found by fuzzing): the per-line
  // path decides from that line.
  if (!newline || stopped || stream.truncated_bytes() > 0) {
    s.rollback(pending_mark);
    line = pending_line;
    return pending_line_start;
  }
  size_t after = static_cast<const uint8_t *>(newline) - buf + 1;
  if (all_space(buf, after, len)) {
    line = pending_line + 1 + count_newlines(buf, after, len);
    return len;
  }
  // Bytes after the last document's line: the stream stopped at a bad document, or the last one
  // went on over the next lines (`{"type"` then `: "log"}`, which a line scan must reject). The
  // per-line path decides from the last document's line (found by fuzzing the direct path
  // against this one).
  s.rollback(pending_mark);
  line = pending_line;
  return pending_line_start;
}

}  // namespace rr
