// SVG to PNG with librsvg and cairo, loaded on first use. The few declarations below are their
// stable C ABI (librsvg 2.52 and later, cairo 1.x); no header of theirs is needed to build.
#include "rr_raster.h"

#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

typedef struct { double x, y, width, height; } RsvgRectangle;
typedef struct { uint32_t domain; int code; char *message; } GError;
typedef int (*cairo_write_func)(void *closure, const unsigned char *data, unsigned int length);
enum { CAIRO_STATUS_SUCCESS = 0, CAIRO_STATUS_WRITE_ERROR = 11, CAIRO_FORMAT_ARGB32 = 0 };

static struct {
  void *(*new_from_data)(const uint8_t *data, size_t length, GError **error);
  int (*intrinsic_size)(void *handle, double *width, double *height);
  int (*render_document)(void *handle, void *cairo, const RsvgRectangle *viewport, GError **error);
  void (*object_unref)(void *object);
  void (*error_free)(GError *error);
  void *(*surface_create)(int format, int width, int height);
  int (*surface_status)(void *surface);
  void *(*create)(void *surface);
  void (*set_source_rgb)(void *cairo, double red, double green, double blue);
  void (*paint)(void *cairo);
  void (*surface_flush)(void *surface);
  int (*write_to_png_stream)(void *surface, cairo_write_func write, void *closure);
  const char *(*status_to_string)(int status);
  void (*destroy)(void *cairo);
  void (*surface_destroy)(void *surface);
} api;

static pthread_once_t loaded = PTHREAD_ONCE_INIT;
static char load_error[256];

#define RESOLVE(field, name)                                                            \
  if (!(*(void **)&api.field = dlsym(library, name))) {                                  \
    snprintf(load_error, sizeof load_error, "librsvg or cairo lacks %s", name);          \
    return;                                                                             \
  }

static void load(void) {
#ifdef __APPLE__
  void *library = dlopen("librsvg-2.2.dylib", RTLD_NOW | RTLD_LOCAL);
#else
  void *library = dlopen("librsvg-2.so.2", RTLD_NOW | RTLD_LOCAL);
#endif
  if (!library) {
    snprintf(load_error, sizeof load_error, "librsvg is not installed (Debian: librsvg2-2): %s", dlerror());
    return;
  }
  // librsvg's own dependencies (cairo, GLib's objects) answer through its handle.
  RESOLVE(new_from_data, "rsvg_handle_new_from_data")
  RESOLVE(intrinsic_size, "rsvg_handle_get_intrinsic_size_in_pixels")
  RESOLVE(render_document, "rsvg_handle_render_document")
  RESOLVE(object_unref, "g_object_unref")
  RESOLVE(error_free, "g_error_free")
  RESOLVE(surface_create, "cairo_image_surface_create")
  RESOLVE(surface_status, "cairo_surface_status")
  RESOLVE(create, "cairo_create")
  RESOLVE(set_source_rgb, "cairo_set_source_rgb")
  RESOLVE(paint, "cairo_paint")
  RESOLVE(surface_flush, "cairo_surface_flush")
  RESOLVE(write_to_png_stream, "cairo_surface_write_to_png_stream")
  RESOLVE(status_to_string, "cairo_status_to_string")
  RESOLVE(destroy, "cairo_destroy")
  RESOLVE(surface_destroy, "cairo_surface_destroy")
}

typedef struct {
  rr_png_sink sink;
  void *context;
} Writer;

static int write_png(void *closure, const unsigned char *data, unsigned int length) {
  Writer *writer = closure;
  return writer->sink(writer->context, data, length) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static int fail(int code, char *error, size_t capacity, const char *reason) {
  if (capacity > 0) snprintf(error, capacity, "%s", reason);
  return code;
}

int rr_svg_to_png(const unsigned char *svg, size_t length, double scale, rr_png_sink sink, void *context,
                  int *width, int *height, char *error, size_t error_capacity) {
  pthread_once(&loaded, load);
  if (load_error[0]) return fail(1, error, error_capacity, load_error);
  GError *problem = NULL;
  void *handle = api.new_from_data(svg, length, &problem);
  if (!handle) {
    int code = fail(2, error, error_capacity, problem && problem->message ? problem->message : "unknown error");
    if (problem) api.error_free(problem);
    return code;
  }
  int code = 0;
  double w = 0, h = 0;
  void *surface = NULL, *cairo = NULL;
  if (!api.intrinsic_size(handle, &w, &h) || !(w > 0) || !(h > 0)) {
    code = fail(3, error, error_capacity, "the chart has no width and height");
    goto done;
  }
  *width = (int)ceil(w * scale);
  *height = (int)ceil(h * scale);
  surface = api.surface_create(CAIRO_FORMAT_ARGB32, *width, *height);
  if (!surface || api.surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    code = fail(4, error, error_capacity, "no surface");
    goto done;
  }
  cairo = api.create(surface);
  api.set_source_rgb(cairo, 1, 1, 1);
  api.paint(cairo);
  RsvgRectangle viewport = {0, 0, *width, *height};
  if (!api.render_document(handle, cairo, &viewport, &problem)) {
    code = fail(2, error, error_capacity, problem && problem->message ? problem->message : "unknown error");
    if (problem) api.error_free(problem);
    goto done;
  }
  api.surface_flush(surface);
  Writer writer = {sink, context};
  int status = api.write_to_png_stream(surface, write_png, &writer);
  if (status != CAIRO_STATUS_SUCCESS) code = fail(4, error, error_capacity, api.status_to_string(status));
done:
  if (cairo) api.destroy(cairo);
  if (surface) api.surface_destroy(surface);
  api.object_unref(handle);
  return code;
}
