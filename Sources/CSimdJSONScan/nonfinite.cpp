#include "nonfinite.hpp"

#include <cmath>
#include <cstring>
#include <limits>

namespace rr {

namespace {
bool is_token_boundary(uint8_t c) {
  return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.');
}

bool token_at(const uint8_t *line, size_t len, size_t i, const char *token, size_t n) {
  if (i + n > len || std::memcmp(line + i, token, n) != 0) return false;
  bool left = i == 0 || is_token_boundary(line[i - 1]);
  bool right = i + n == len || is_token_boundary(line[i + n]);
  return left && right;
}
}  // namespace

bool quote_nonfinite_tokens(const uint8_t *line, size_t len, std::vector<uint8_t> &out, size_t padding) {
  out.clear();
  out.reserve(len + 64 + padding);
  bool in_string = false, escaped = false, replaced = false;
  for (size_t i = 0; i < len; i++) {
    uint8_t c = line[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      out.push_back(c);
      continue;
    }
    if (c == '"') { in_string = true; out.push_back(c); continue; }
    static const char *tokens[] = {"-Infinity", "Infinity", "NaN"};
    bool matched = false;
    for (const char *token : tokens) {
      size_t n = std::strlen(token);
      if (token_at(line, len, i, token, n)) {
        out.push_back('"');
        out.insert(out.end(), line + i, line + i + n);
        out.push_back('"');
        i += n - 1;
        matched = replaced = true;
        break;
      }
    }
    if (!matched) out.push_back(c);
  }
  out.insert(out.end(), padding, 0);
  return replaced;
}

bool parse_nonfinite_name(const char *s, size_t len, double &value) {
  auto is = [&](const char *name) { return std::strlen(name) == len && std::memcmp(s, name, len) == 0; };
  if (is("NaN") || is("nan") || is("NAN")) { value = std::numeric_limits<double>::quiet_NaN(); return true; }
  if (is("Infinity") || is("inf") || is("Inf") || is("+inf") || is("INF")) {
    value = std::numeric_limits<double>::infinity();
    return true;
  }
  if (is("-Infinity") || is("-inf") || is("-Inf") || is("-INF")) {
    value = -std::numeric_limits<double>::infinity();
    return true;
  }
  return false;
}

}  // namespace rr
