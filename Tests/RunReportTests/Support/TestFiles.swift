import CZlib
import Foundation
import XCTest

/// A temporary folder for one test, removed afterwards.
final class TemporaryFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "runreport-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let file = path + "/" + name
        let folder = (file as NSString).deletingLastPathComponent
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }
}

/// The repository's root, for samples/.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

func samplePath(_ relative: String) -> String { repositoryRoot + "/samples/" + relative }

/// gzip of `bytes` (one member), by zlib.
func gzip(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
    var input = bytes
    let produced: Int = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            stream.next_out = outBuffer.baseAddress
            stream.avail_out = uInt(outBuffer.count)
            deflate(&stream, Z_FINISH)
            return outBuffer.count - Int(stream.avail_out)
        }
    }
    deflateEnd(&stream)
    return Array(output[0..<produced])
}

/// A zip archive of stored (uncompressed) entries, written by hand for edge cases.
func storedZip(_ entries: [(name: String, bytes: [UInt8])], declaredSizes: [Int]? = nil) -> [UInt8] {
    var out: [UInt8] = []
    var central: [UInt8] = []
    func u16(_ v: Int, _ into: inout [UInt8]) { into += [UInt8(v & 0xff), UInt8(v >> 8 & 0xff)] }
    func u32(_ v: Int, _ into: inout [UInt8]) { u16(v & 0xffff, &into); u16(v >> 16 & 0xffff, &into) }
    for (index, entry) in entries.enumerated() {
        let crc = entry.bytes.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, uInt($0.count))) }
        let size = declaredSizes?[index] ?? entry.bytes.count
        let offset = out.count
        let name = Array(entry.name.utf8)
        u32(0x0403_4b50, &out); u16(20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0, &out)
        u32(crc, &out); u32(entry.bytes.count, &out); u32(size, &out); u16(name.count, &out); u16(0, &out)
        out += name + entry.bytes
        u32(0x0201_4b50, &central); u16(20, &central); u16(20, &central); u16(0, &central); u16(0, &central)
        u16(0, &central); u16(0, &central); u32(crc, &central); u32(entry.bytes.count, &central); u32(size, &central)
        u16(name.count, &central); u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central)
        u32(0, &central); u32(offset, &central)
        central += name
    }
    let centralOffset = out.count
    out += central
    u32(0x0605_4b50, &out); u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
    u32(central.count, &out); u32(centralOffset, &out); u16(0, &out)
    return out
}

/// A ClearML scalar event line in the SDK's field order.
func scalarLine(task: String = "t", metric: String = "loss", variant: String = "train", iter: Int64, value: String,
                timestamp: Int64 = 1_795_357_331_768) -> String {
    "{\"timestamp\": \(timestamp), \"type\": \"training_stats_scalar\", \"task\": \"\(task)\", \"iter\": \(iter), "
        + "\"metric\": \"\(metric)\", \"variant\": \"\(variant)\", \"value\": \(value), \"method\": \"get\"}"
}
