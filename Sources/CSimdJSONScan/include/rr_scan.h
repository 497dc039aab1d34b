/*
 * rr_scan: the hot event scan of runreport, simdjson behind a plain C API.
 *
 * A scanner reads buffers of complete JSON lines (or one whole JSON document) and appends
 * typed events to its batch: numbers inline, names interned into a table that lives as long
 * as the scanner, longer strings (messages, plot_str, keys, urls) copied into an arena.
 * Nothing of C++ crosses this header.
 */
#ifndef RR_SCAN_H
#define RR_SCAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes that must be readable after the end of every buffer handed to the scanner. */
#define RR_PADDING 64

typedef enum rr_kind {
  RR_KIND_SCALAR = 1,  /* training_stats_scalar */
  RR_KIND_VECTOR = 2,  /* training_stats_vector */
  RR_KIND_IMAGE = 3,   /* training_debug_image */
  RR_KIND_PLOT = 4,    /* plot */
  RR_KIND_LOG = 5,     /* log */
  RR_KIND_UNKNOWN = 6  /* any other type: counted by its type name */
} rr_kind;

enum {
  RR_HAS_TIMESTAMP = 1,
  RR_HAS_ITER = 2,
  RR_VALUE_NONFINITE = 4,  /* value was NaN or an infinity (token or string) */
};

/** A byte range inside the scanner's arena. */
typedef struct rr_slice {
  uint64_t offset;
  uint64_t length;
} rr_slice;

typedef struct rr_event {
  int64_t iter;
  int64_t timestamp;  /* epoch milliseconds */
  double value;
  uint64_t line;      /* 1-based line of the input the event came from */
  int32_t task;       /* interned names; -1 when the field is absent */
  int32_t metric;
  int32_t variant;
  int32_t type_name;
  int32_t level;
  int32_t worker;
  int32_t x_axis_label;
  uint16_t kind;      /* rr_kind */
  uint16_t flags;
  rr_slice text;      /* log msg, plot plot_str */
  rr_slice key;       /* debug image key */
  rr_slice url;       /* debug image url */
  rr_slice values;    /* vector values: length / 8 doubles, 8-byte aligned */
} rr_event;

typedef enum rr_problem_code {
  RR_PROBLEM_MALFORMED_JSON = 1,  /* detail: simdjson's reason */
  RR_PROBLEM_TRUNCATED_LINE = 2,  /* the last line has no newline and does not parse */
  RR_PROBLEM_NOT_AN_EVENT = 3,    /* detail: the JSON type found */
  RR_PROBLEM_MISSING_FIELD = 4,   /* detail: the field's name */
  RR_PROBLEM_INVALID_FIELD = 5,   /* detail: the field's name and what was wrong */
} rr_problem_code;

typedef struct rr_problem {
  uint64_t line;
  int32_t element;  /* index inside a batch line or response page; -1 for the line itself */
  int32_t code;     /* rr_problem_code */
  rr_slice detail;  /* arena text */
} rr_problem;

typedef struct rr_scanner rr_scanner;

rr_scanner *rr_scanner_create(void);
void rr_scanner_destroy(rr_scanner *scanner);

/**
 * Turns the direct path of rr_scan_lines on (the default) or off. Off, every line goes through
 * simdjson: the two must give the same events and problems (the tests and the fuzzer compare).
 */
void rr_scanner_set_direct_path(rr_scanner *scanner, int enabled);

/** Lines the direct path has decoded since the scanner was created (the rest went to simdjson). */
uint64_t rr_direct_line_count(const rr_scanner *scanner);

/** Event objects of those lines decoded by a layout's program (fixed members compared, not read). */
uint64_t rr_program_object_count(const rr_scanner *scanner);

/** Drops the batch (events, problems, arena); the name table is kept. */
void rr_scanner_clear(rr_scanner *scanner);

/**
 * Scans the lines of buf[0, len). `readable` counts the bytes that may be read from buf
 * (at least len); a line whose padding would pass it is copied first. Lines are numbered
 * from first_line. `input_ends` says that the last line is the end of the input (so a last
 * line without a newline that fails to parse is reported as truncated). Returns the number
 * of lines seen.
 */
uint64_t rr_scan_lines(rr_scanner *scanner, const uint8_t *buf, size_t len, size_t readable,
                       uint64_t first_line, int input_ends);

/** Scans buf[0, len) as one JSON document (a response page written over several lines). */
void rr_scan_document(rr_scanner *scanner, const uint8_t *buf, size_t len, size_t readable,
                      uint64_t line);

size_t rr_event_count(const rr_scanner *scanner);
const rr_event *rr_events(const rr_scanner *scanner);
size_t rr_problem_count(const rr_scanner *scanner);
const rr_problem *rr_problems(const rr_scanner *scanner);
const uint8_t *rr_arena(const rr_scanner *scanner);

size_t rr_name_count(const rr_scanner *scanner);
/** The bytes of interned name `id`, valid while the scanner lives. */
const uint8_t *rr_name(const rr_scanner *scanner, int32_t id, size_t *length);

#ifdef __cplusplus
}
#endif
#endif
