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
func gzip(_ bytes: [UInt8]) -> [UInt8] { zlibDeflate(bytes, level: 6, windowBits: 15 + 16, memoryLevel: 8) }

/// `bytes` through zlib's deflate in one call: `windowBits` picks the wrapping (negative: raw,
/// 16 added: gzip).
func zlibDeflate(_ bytes: [UInt8], level: Int32, windowBits: Int32, memoryLevel: Int32) -> [UInt8] {
    var stream = z_stream()
    deflateInit2_(&stream, level, Z_DEFLATED, windowBits, memoryLevel, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
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

/// A zip archive of stored (uncompressed) entries, written by hand for edge cases; an entry's
/// uncompressed size as `declaredSizes` says, when given.
func storedZip(_ entries: [(name: String, bytes: [UInt8])], declaredSizes: [Int]? = nil) -> [UInt8] {
    testZip(entries.enumerated().map { index, entry in
        TestZipEntry(name: entry.name, bytes: entry.bytes, declaredSize: declaredSizes?[index])
    })
}

/// A ClearML scalar event line in the SDK's field order.
func scalarLine(task: String = "t", metric: String = "loss", variant: String = "train", iter: Int64, value: String,
                timestamp: Int64 = 1_795_357_331_768) -> String {
    "{\"timestamp\": \(timestamp), \"type\": \"training_stats_scalar\", \"task\": \"\(task)\", \"iter\": \(iter), "
        + "\"metric\": \"\(metric)\", \"variant\": \"\(variant)\", \"value\": \(value), \"method\": \"get\"}"
}
