// The direct path of the line scan: a line of flat event objects, the shape the SDKs write
// (strings, numbers and literals as values), decoded in one pass over its bytes.
// It accepts a strict subset of JSON and decodes it exactly as the simdjson path does; any
// other byte sends the whole line back to simdjson, which also reports what is wrong.
#include <algorithm>
#include <cstring>

#include "flat_values.hpp"

namespace rr {
namespace {

using namespace flat_values;

/// What a decode saw of its members' memos, applied once the object is decoded, so that an
/// object that turns out not to fit the layout leaves the memos as they were.
struct MemoNotes {
  uint32_t hits = 0, misses = 0;
  const uint8_t *token[FlatShape::kMaxMembers];  // nullptr: nothing to remember
  uint8_t length[FlatShape::kMaxMembers];
  int32_t id[FlatShape::kMaxMembers];
};

/// A member's value at the cursor; a name or skipped string the same as the last object's is
/// taken from the member's memo. A member whose value changes object after object (a dump's
/// variants, cycling) is read without a look at its memo, but for one object in 16.
__attribute__((always_inline)) inline bool read_member(rr_scanner &s, const FlatShape &shape, size_t index, FlatCursor &c,
                                                       EventFields &f, MemoNotes &notes, uint64_t line) {
  const FlatShape::Member &member = shape[index];
  int32_t *id = name_id(f.event, member.field);
  if (!id && member.field != kOther) return read_field(s, c, member.field, f);
  if (member.misses >= FlatShape::kChanging && (line & 15) != 0) return read_field(s, c, member.field, f);
  if (member.memo.matches(c.p, c.end)) {
    if (id) *id = member.memo.id;
    c.p += member.memo.length;
    notes.hits |= 1u << index;
    return true;
  }
  const uint8_t *start = c.p;
  if (!read_field(s, c, member.field, f)) return false;
  size_t length = static_cast<size_t>(c.p - start);
  notes.misses |= 1u << index;
  bool kept = *start == '"' && length <= sizeof(member.memo.bytes);
  notes.token[index] = kept ? start : nullptr;
  notes.length[index] = static_cast<uint8_t>(kept ? length : 0);
  notes.id[index] = id ? *id : -1;
  return true;
}

/// The layout compiled anew: a member whose memo matched `needed` objects in a row becomes part
/// of a run, its name preset.
void compile(const rr_scanner &s, FlatShape &shape) {
  shape.stale = false;
  FlatProgram &program = shape.program();
  program.begin(empty_fields(0).event);
  for (size_t i = 0; i < shape.count(); i++) shape[i].fixed = false;
  for (size_t i = 0; i < shape.count(); i++) {
    FlatShape::Member &member = shape[i];
    if (!program.append(member.before.bytes, member.before.length)) return program.invalidate();
    int32_t *id = name_id(program.preset(), member.field);
    bool fix = (id || member.field == kOther) && member.memo.length > 0 && member.streak >= member.needed &&
               program.room() >= member.memo.length + FlatLiteral::kCapacity;
    if (fix) {
      program.append(member.memo.bytes, member.memo.length);
      if (id) *id = member.memo.id;
      member.fixed = true;
    } else if (!program.end_step(static_cast<int8_t>(i))) {
      return program.invalidate();
    }
  }
  if (!program.append(shape.closing().bytes, shape.closing().length) || !program.end_step(FlatProgram::kCloses)) {
    return program.invalidate();
  }
  int32_t type = program.preset().type_name;
  program.preset().kind = type >= 0 && static_cast<size_t>(type) < s.kind_of_type.size() ? s.kind_of_type[type] : 0;
}

/// The memos of a decoded object: a changed value remembered, a fixed one that changed read
/// from now on (and fixed again only after a longer streak), the program compiled again when
/// its fixed members are no longer the right ones.
__attribute__((always_inline)) inline void commit(const rr_scanner &s, FlatShape &shape, const MemoNotes &notes) {
  for (uint32_t misses = notes.misses; misses; misses &= misses - 1) {
    size_t i = static_cast<size_t>(__builtin_ctz(misses));
    FlatShape::Member &member = shape[i];
    member.memo.length = notes.length[i];
    if (notes.token[i]) std::memcpy(member.memo.bytes, notes.token[i], sizeof(member.memo.bytes));  // the bytes past the token are not compared
    member.memo.id = notes.id[i];
    member.streak = 0;
    if (member.misses < 255) member.misses++;
    if (member.fixed) {
      member.needed = static_cast<uint8_t>(std::min<unsigned>(member.needed * 2u, FlatShape::kMostNeeded));
      shape.stale = true;
    }
  }
  for (uint32_t hits = notes.hits; hits; hits &= hits - 1) {
    FlatShape::Member &member = shape[static_cast<size_t>(__builtin_ctz(hits))];
    member.misses = 0;
    if (member.streak < 255 && ++member.streak == member.needed && !member.fixed) shape.stale = true;
  }
  if (shape.stale) compile(s, shape);
}

/// An object of a layout learnt, from its opening brace: the bytes between values compared,
/// only the values read.
bool decode_shaped(rr_scanner &s, FlatShape &shape, FlatCursor &c, uint64_t line, int32_t element) {
  auto mark = s.mark();
  EventFields f = empty_fields(line);
  MemoNotes notes;
  for (size_t i = 0; i < shape.count(); i++) {
    const FlatLiteral &before = shape[i].before;
    if (!before.matches(c.p, c.end)) return false;
    c.p += before.length;
    if (!read_member(s, shape, i, c, f, notes, line)) return false;
  }
  if (!shape.closing().matches(c.p, c.end)) return false;
  c.p += shape.closing().length;
  complete_event(s, f, mark, line, element);
  commit(s, shape, notes);
  return true;
}

/// An object by its layout's program: runs compared, only the values that change read.
__attribute__((always_inline)) inline bool decode_program(rr_scanner &s, FlatShape &shape, FlatCursor &c, uint64_t line, int32_t element) {
  const FlatProgram &program = shape.program();
  auto mark = s.mark();
  EventFields f{};
  f.event = program.preset();
  f.event.line = line;
  MemoNotes notes;
  for (size_t i = 0;; i++) {
    const FlatProgram::Step &step = program[i];
    if (!step.run.matches(c.p, c.end)) return false;
    c.p += step.run.length;
    if (step.member == FlatProgram::kCloses) break;
    if (!read_member(s, shape, static_cast<size_t>(step.member), c, f, notes, line)) return false;
  }
  if (f.event.kind == RR_KIND_SCALAR && f.has_value && !f.value_null) {
    s.events.push_back(f.event);  // what complete_event would check and do, the type known
  } else {
    complete_event(s, f, mark, line, element);  // sets the kind from the type itself
  }
  commit(s, shape, notes);
  return true;
}

/// One event object from its opening brace, its keys parsed; its layout is learnt into `shape`.
/// A repeated field sends the line to simdjson.
bool decode_parsed(rr_scanner &s, FlatShape &shape, FlatCursor &c, uint64_t line, int32_t element) {
  auto mark = s.mark();
  EventFields f = empty_fields(line);
  uint32_t seen = 0;
  shape.begin(c.p);
  c.p++;
  c.skip_space();
  if (!c.take('}')) {
    while (true) {
      std::string_view key;
      bool escaped = false;  // a key with escapes is left to simdjson
      if (!read_raw_string(c, key, escaped) || escaped || !c.take_colon()) return false;
      FlatField field = field_of(reinterpret_cast<const uint8_t *>(key.data() + 1), key.size() - 2);
      if (field != kOther) {
        if (seen & (1u << field)) return false;
        seen |= 1u << field;
      }
      shape.member(c.p, field);
      if (!read_field(s, c, field, f)) return false;
      shape.value_end(c.p);
      bool failed = false;
      if (c.next_member('}', failed)) continue;
      if (failed) return false;
      break;
    }
  }
  shape.finish(c.p);
  complete_event(s, f, mark, line, element);
  return true;
}

/// One event object: by the layout that fitted last, else by the one before it, else parsed
/// (its layout learnt in place of the older one).
__attribute__((always_inline)) inline bool decode_object(rr_scanner &s, FlatCursor &c, uint64_t line, int32_t element) {
  const uint8_t *start = c.p;
  for (bool other : {false, true}) {
    FlatShape &shape = other ? s.shapes.other() : s.shapes.current();
    if (!shape.valid()) continue;
    auto mark = s.mark();
    if (shape.program().valid()) {
      if (decode_program(s, shape, c, line, element)) {
        s.program_objects++;
        if (other) s.shapes.swap();
        return true;
      }
      s.rollback(mark);
      c.p = start;
    }
    if (decode_shaped(s, shape, c, line, element)) {
      if (other) s.shapes.swap();
      return true;
    }
    s.rollback(mark);
    c.p = start;
  }
  if (!decode_parsed(s, s.shapes.other(), c, line, element)) return false;
  s.shapes.swap();
  return true;
}

bool decode_array(rr_scanner &s, FlatCursor &c, uint64_t line) {
  c.p++;
  c.skip_space();
  if (c.take(']')) return true;
  for (int32_t index = 0;; index++) {
    if (!c.at('{') || !decode_object(s, c, line, index)) return false;
    bool failed = false;
    if (c.next_member(']', failed)) continue;
    return !failed;
  }
}

}  // namespace

bool decode_flat_line(rr_scanner &s, const uint8_t *begin, const uint8_t *end, uint64_t line) {
  auto mark = s.mark();
  const uint8_t *after = decode_flat_value(s, begin, end, line);
  FlatCursor c{after ? after : end, end};
  c.skip_space();
  if (after && c.p == c.end) return true;
  s.rollback(mark);
  return false;
}

const uint8_t *decode_flat_value(rr_scanner &s, const uint8_t *begin, const uint8_t *end, uint64_t line) {
  FlatCursor c{begin, end};
  auto mark = s.mark();
  if (c.at('{') ? decode_object(s, c, line, -1) : c.at('[') && decode_array(s, c, line)) return c.p;
  s.rollback(mark);
  return nullptr;
}

}  // namespace rr
