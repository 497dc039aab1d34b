#include <libxml/xmlversion.h>
/* libxml2 pulls in the system's ICU headers when built with ICU, and they clash with the ICU
   that Foundation carries. runreport uses no ICU-backed encoding of libxml2: drop the include. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
