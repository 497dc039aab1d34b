/*
 * rr_raster: SVG to PNG through librsvg and cairo, loaded with dlopen on first use, so that
 * the commands that draw no PNG do not pay for loading them (some forty libraries, about
 * 10 ms at every start).
 */
#ifndef RR_RASTER_H
#define RR_RASTER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Receives the PNG's bytes as cairo writes them; returns 0 to go on. */
typedef int (*rr_png_sink)(void *context, const unsigned char *bytes, unsigned int length);

/**
 * Rasterises svg[0, length) at `scale` times its own size on white and hands the PNG to
 * `sink`. Returns 0 and the PNG's size in pixels, or a nonzero code with a reason in `error`:
 * 1 librsvg or cairo missing, 2 the SVG unreadable, 3 no size, 4 cairo failed.
 */
int rr_svg_to_png(const unsigned char *svg, size_t length, double scale, rr_png_sink sink, void *context,
                  int *width, int *height, char *error, size_t error_capacity);

#ifdef __cplusplus
}
#endif
#endif
