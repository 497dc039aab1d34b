import CRSVG
import Foundation

/// Rasterises runreport's own SVG charts to PNG with librsvg and cairo, at a scale (2 for sharp
/// text on high-density screens). Only our SVG goes in: it loads nothing from outside.
public enum SVGRasterizer {
    public enum RasterError: Error, CustomStringConvertible {
        case unreadableSVG(String)
        case noSize
        case cairo(String)

        public var description: String {
            switch self {
            case let .unreadableSVG(reason): return "librsvg cannot read the chart: \(reason)"
            case .noSize: return "the chart has no width and height"
            case let .cairo(reason): return "cairo: \(reason)"
            }
        }
    }

    /// A PNG of the SVG at `scale` times its own size, on a white background (mail clients
    /// show charts on white, whatever their theme), with its pixel size.
    public static func png(svg: String, scale: Double = 2) throws -> (bytes: [UInt8], width: Int, height: Int) {
        let data = Array(svg.utf8)
        var error: UnsafeMutablePointer<GError>?
        guard let handle = data.withUnsafeBufferPointer({ rsvg_handle_new_from_data($0.baseAddress, gsize($0.count), &error) }) else {
            let reason = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw RasterError.unreadableSVG(reason)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(handle)) }
        var width = 0.0, height = 0.0
        guard rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) != 0, width > 0, height > 0 else {
            throw RasterError.noSize
        }
        let pixelWidth = Int((width * scale).rounded(.up)), pixelHeight = Int((height * scale).rounded(.up))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pixelWidth), Int32(pixelHeight)) else {
            throw RasterError.cairo("no surface")
        }
        defer { cairo_surface_destroy(surface) }
        guard let context = cairo_create(surface) else { throw RasterError.cairo("no context") }
        defer { cairo_destroy(context) }
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        var viewport = RsvgRectangle(x: 0, y: 0, width: Double(pixelWidth), height: Double(pixelHeight))
        guard rsvg_handle_render_document(handle, context, &viewport, &error) != 0 else {
            let reason = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw RasterError.unreadableSVG(reason)
        }
        cairo_surface_flush(surface)
        let sink = PNGSink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: bytes, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else { throw RasterError.cairo(String(cString: cairo_status_to_string(status))) }
        return (sink.bytes, pixelWidth, pixelHeight)
    }

    private final class PNGSink {
        var bytes: [UInt8] = []
    }
}
