import CChecksum
import CLibXML2
import CZlib
import Foundation
import RunReport

/// The fuzz targets: each takes the fuzzer's bytes, runs one parser of untrusted input over
/// them and checks what must hold whatever the bytes. A broken invariant is a crash.
enum FuzzTarget: String, CaseIterable {
    /// A json-lines buffer through detection, the event scan and the run builder; and through
    /// the scan's direct path and simdjson alone, which must agree.
    case eventScan = "event-scan"
    /// Bytes as a .zip (a ClearML offline session or a Comet archive) and as a .gz dump.
    case archive
    /// A Plotly `plot_str` through the figure reader and the SVG renderer: the SVG must parse.
    case plot
    /// An HTML string through the sanitizer: the output must parse and hold only what the
    /// allowlist allows.
    case sanitizer
    /// A `line_format` (first line) and a log message (the rest) through the log formatter.
    case logFormat = "log-format"
    /// Extreme numbers (iterations, timestamps, values; `NumbersTarget`) through the histogram,
    /// summaries, smoothing, charts, ticks and time text: nothing traps, every tick is finite.
    case numbers
    /// Bytes as a TensorBoard event file, and framed as one good TFRecord (so that the event
    /// decoding behind the checksums is reached), through detection and the TensorBoard reader.
    case tensorboard
    /// Bytes as an MLflow SQLite store, and as a file-store run: up to the first blank line its
    /// meta.yaml, the rest a metric file.
    case mlflow
    /// Bytes as a W&B run file, and framed as one good record after the header (so that the
    /// record decoding behind the checksums is reached).
    case wandb

    /// A scratch file per process, on tmpfs when there is one.
    static let scratch: String = {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return folder + "/runreport-fuzz-\(getpid())"
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .eventScan:
            load(bytes, as: ".jsonl")
            ScanDifferential.compare(bytes)
        case .archive:
            load(bytes, as: ".zip")
            load(bytes, as: ".gz")
        case .plot:
            guard let figure = try? PlotlyFigure(plotJSON: String(decoding: bytes, as: UTF8.self)) else { return }
            if case let .chart(svg, _) = PlotRenderer().render(figure, title: "fuzz") {
                check(Self.parses(svg, html: false), "the plot's SVG is not well-formed XML")
            }
        case .sanitizer:
            let clean = HTMLSanitizer.sanitize(String(decoding: bytes, as: UTF8.self))
            Self.checkAllowlisted(clean)
        case .logFormat:
            let text = String(decoding: bytes, as: UTF8.self)
            let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            guard let format = try? LineFormat(String(parts[0])) else { return }
            var run = Run(id: "fuzz")
            let spool = LogSpool()
            try? spool.append(LogEvent(task: "fuzz", timestamp: 1_795_357_331_768, level: "info", worker: "w",
                                       message: parts.count > 1 ? String(parts[1]) : ""))
            run.logs = [spool]
            guard let output = try? OutputStream(path: "/dev/null") else { return }
            _ = try? LogExport(format: format).write(run, to: output)
        case .numbers:
            NumbersTarget.run(bytes)
        case .tensorboard:
            load(bytes, as: ".tfevents")
            load(Self.tfRecord(bytes), as: ".tfevents")
        case .wandb:
            load(bytes, as: ".wandb")
            load(Self.wandbRecord(bytes), as: ".wandb")
        case .mlflow:
            load(bytes, as: ".db")
            let split = bytes.indices.dropLast().first { bytes[$0] == 0x0A && bytes[$0 + 1] == 0x0A } ?? bytes.count
            let folder = Self.scratch + "-run"
            try? FileManager.default.createDirectory(atPath: folder + "/metrics", withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            _ = FileManager.default.createFile(atPath: folder + "/meta.yaml", contents: Data(Array("run_uuid: r\n".utf8) + bytes[..<split]))
            _ = FileManager.default.createFile(atPath: folder + "/metrics/m", contents: Data(bytes[min(split + 2, bytes.count)...]))
            loadPath(folder)
        }
    }

    /// `data` framed as one TFRecord: length, masked CRC-32C of the length, data, masked CRC of the data.
    static func tfRecord(_ data: [UInt8]) -> [UInt8] {
        func masked(_ bytes: [UInt8]) -> UInt32 {
            let crc = bytes.withUnsafeBytes { rr_crc32c(0, $0.baseAddress, $0.count) }
            return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
        }
        func little<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        let length = little(UInt64(data.count))
        return length + little(masked(length)) + data + little(masked(data))
    }

    /// `data` as a W&B run file's one record: the header, then FIRST/MIDDLE/LAST or FULL chunks
    /// (CRC-32 of the type and the data) in 32 KiB blocks.
    static func wandbRecord(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x3A, 0x57, 0x26, 0x42, 0xE1, 0xBE, 0x00]  // ":W&B", 0xBEE1, version 0
        var rest = data[...], first = true
        repeat {
            let left = 32_768 - out.count % 32_768
            if left < 7 { out += [UInt8](repeating: 0, count: left); continue }
            let piece = rest.prefix(left - 7)
            rest = rest.dropFirst(piece.count)
            let type: UInt8 = first ? (rest.isEmpty ? 1 : 2) : (rest.isEmpty ? 4 : 3)
            first = false
            var crc = crc32(0, [type], 1)
            crc = Array(piece).withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
            out += withUnsafeBytes(of: UInt32(truncatingIfNeeded: crc).littleEndian) { Array($0) }
            out += [UInt8(piece.count & 0xFF), UInt8(piece.count >> 8), type] + piece
        } while !rest.isEmpty
        return out
    }

    private func load(_ bytes: [UInt8], as suffix: String) {
        let path = Self.scratch + suffix
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { unlink(path) }
        loadPath(path, bytes: bytes.count)
    }

    /// Loads `path` and checks what must hold of any input: no more points than `bytes`.
    private func loadPath(_ path: String, bytes: Int = .max) {
        var options = LoadOptions()
        options.workers = 1
        options.chunkSize = 64 << 10  // small inputs: no 4 MB buffer (and its ASan poisoning) per run
        let result = RunLoader(options: options).load(paths: [path])
        for run in result.runs {
            var points = 0
            for series in run.series.values { points += series.count }
            check(points <= bytes, "more points than bytes")
        }
    }

    static func checkAllowlisted(_ html: String) {
        guard !html.isEmpty else { return }
        // Text may say "javascript:" or "<script>" (escaped, it is inert); what matters is the
        // elements and attributes the output parses into, checked below.
        let bytes = Array(("<html><body>" + html).utf8)
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        guard let document = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), "f.html", "UTF-8", options)
            }
        }) else { return check(false, "the sanitizer's output does not parse") }
        defer { xmlFreeDoc(document) }
        // The sanitizer's own allowlist, and the document the check wraps the output in.
        let allowedElements = HTMLSanitizer.elements.union(["html", "body"])
        func walk(_ node: xmlNodePtr?) {
            var node = node
            while let current = node {
                if current.pointee.type == XML_ELEMENT_NODE {
                    let name = String(cString: current.pointee.name)
                    check(allowedElements.contains(name), "element \(name) is not allowlisted")
                    var attribute = current.pointee.properties
                    while let a = attribute {
                        let attributeName = String(cString: a.pointee.name).lowercased()
                        check(!attributeName.hasPrefix("on"), "an event handler came through")
                        if let value = xmlGetProp(current, a.pointee.name) {
                            let text = String(cString: value).lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
                            xmlFree(value)
                            if attributeName == "href" { check(text.hasPrefix("http://") || text.hasPrefix("https://"), "href \(text)") }
                            if attributeName == "src" { check(text.hasPrefix("data:image/"), "src \(text)") }
                            if attributeName == "style" {
                                // Every surviving declaration is an allowlisted property with a
                                // value of the strict grammar, and nothing loads.
                                check(!text.contains("url(") && !text.contains("\\"), "a loading style came through")
                                for declaration in text.split(separator: ";") {
                                    let name = declaration.split(separator: ":", maxSplits: 1).first
                                        .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                                    check(InlineStyle.properties.contains(name), "style property \(name) is not allowlisted")
                                }
                                check(InlineStyle.isAllowed(text), "style \(text) is not canonical")
                            }
                        }
                        attribute = a.pointee.next
                    }
                }
                walk(current.pointee.children)
                node = current.pointee.next
            }
        }
        walk(xmlDocGetRootElement(document))
    }

    static func parses(_ text: String, html: Bool) -> Bool {
        let bytes = Array(text.utf8)
        guard let document = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "f.svg", "UTF-8", Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
            }
        }) else { return false }
        xmlFreeDoc(document)
        return true
    }
}

/// A broken invariant: printed, then a crash the fuzzer records.
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        FileHandle.standardError.write(("invariant broken: " + message() + "\n").data(using: .utf8)!)
        abort()
    }
}

#if FUZZING
private let target: FuzzTarget = {
    guard let name = ProcessInfo.processInfo.environment["RUNREPORT_FUZZ_TARGET"], let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write("set RUNREPORT_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue))\n".data(using: .utf8)!)
        exit(64)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    target.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// libFuzzer's driver, for a main of our own.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's main as `<module>_main`; here it hands over to libFuzzer.
@_cdecl("runreport_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, { data, size in fuzzOne(data, size) })
}
#endif
