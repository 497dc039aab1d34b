import CRaster

/// Rasterises runreport's own SVG charts to PNG with librsvg and cairo, at a scale (2 for sharp
/// text on high-density screens). Only our SVG goes in: it loads nothing from outside. The
/// libraries are loaded on the first chart (`rr_raster.h`), not at every start.
public enum SVGRasterizer {
    public enum RasterError: Error, CustomStringConvertible {
        case unavailable(String)
        case unreadableSVG(String)
        case noSize
        case cairo(String)

        public var description: String {
            switch self {
            case let .unavailable(reason): return "cannot draw PNG charts: \(reason)"
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
        let sink = PNGSink()
        var width: Int32 = 0, height: Int32 = 0
        var reason = [CChar](repeating: 0, count: 512)
        let code = data.withUnsafeBufferPointer { svgBytes in
            rr_svg_to_png(svgBytes.baseAddress, svgBytes.count, scale, { context, bytes, length in
                guard let context, let bytes else { return 1 }
                Unmanaged<PNGSink>.fromOpaque(context).takeUnretainedValue().bytes
                    .append(contentsOf: UnsafeBufferPointer(start: bytes, count: Int(length)))
                return 0
            }, Unmanaged.passUnretained(sink).toOpaque(), &width, &height, &reason, reason.count)
        }
        let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        switch code {
        case 0: return (sink.bytes, Int(width), Int(height))
        case 1: throw RasterError.unavailable(text)
        case 2: throw RasterError.unreadableSVG(text)
        case 3: throw RasterError.noSize
        default: throw RasterError.cairo(text)
        }
    }

    private final class PNGSink {
        var bytes: [UInt8] = []
    }
}
