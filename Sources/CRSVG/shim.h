/* librsvg (Debian librsvg2-dev) and cairo: runreport rasterises its own SVG charts to PNG for
   email and `render --png`. */
#include <librsvg/rsvg.h>
#include <cairo.h>
