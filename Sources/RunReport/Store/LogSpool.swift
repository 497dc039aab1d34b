#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Log events in arrival order, kept in memory up to a budget and spooled to an unlinked
/// temporary file past it, so that a log of any size costs bounded memory.
public final class LogSpool: @unchecked Sendable {
    /// Bytes kept in memory before the spool moves to disk.
    public static var memoryBudget = 8 << 20

    private var pending: [UInt8] = []
    private var file: Int32 = -1
    private var fileSize = 0
    public private(set) var count = 0
    /// The first time appended and the largest (no time counts as the smallest possible).
    public private(set) var firstTimestamp = Int64.max
    public private(set) var lastTimestamp = Int64.min
    /// Whether every event came no earlier than the one before it.
    public private(set) var isInTimeOrder = true
    /// Events that came without a time.
    public private(set) var untimedCount = 0

    public init() {}

    deinit { if file >= 0 { close(file) } }

    /// Appends one log event. Record layout: timestamp (Int64, Int64.min for none), then
    /// level, worker and message, each a UInt32 length (UInt32.max for absent) and bytes.
    public func append(timestamp: Int64?, level: UnsafeRawBufferPointer?, worker: UnsafeRawBufferPointer?,
                       message: UnsafeRawBufferPointer) throws {
        count += 1
        if timestamp == nil { untimedCount += 1 }
        let time = timestamp ?? Int64.min
        if time < lastTimestamp { isInTimeOrder = false }
        if count == 1 { firstTimestamp = time }
        lastTimestamp = max(lastTimestamp, time)
        withUnsafeBytes(of: (timestamp ?? Int64.min).littleEndian) { pending.append(contentsOf: $0) }
        for field in [level, worker, Optional(message)] {
            let length = field.map { UInt32(clamping: $0.count) } ?? UInt32.max
            withUnsafeBytes(of: length.littleEndian) { pending.append(contentsOf: $0) }
            if let field { pending.appendBytes(UnsafeRawBufferPointer(rebasing: field.prefix(Int(UInt32.max - 1)))) }
        }
        if pending.count >= Self.memoryBudget { try spill() }
    }

    public func append(_ event: LogEvent) throws {
        let level = event.level.map { Array($0.utf8) }
        let worker = event.worker.map { Array($0.utf8) }
        try Array(event.message.utf8).withUnsafeBytes { message in
            try Self.withOptionalBytes(level) { level in
                try Self.withOptionalBytes(worker) { worker in
                    try append(timestamp: event.timestamp, level: level, worker: worker, message: message)
                }
            }
        }
    }

    private static func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        guard let bytes else { return try body(nil) }
        return try bytes.withUnsafeBytes { try body($0) }
    }

    private func spill() throws {
        if file < 0 {
            var template = Array((Self.temporaryDirectory + "/runreport-log-XXXXXX").utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw StoreError.spoolFailed(String(cString: strerror(errno))) }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            file = fd
        }
        var written = 0
        try pending.withUnsafeBytes { bytes in
            while written < bytes.count {
                let n = pwrite(file, bytes.baseAddress! + written, bytes.count - written, off_t(fileSize + written))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.spoolFailed(String(cString: strerror(errno)))
                }
                written += n
            }
        }
        fileSize += written
        pending.removeAll(keepingCapacity: true)
    }

    static var temporaryDirectory: String {
        if let dir = getenv("TMPDIR") { return String(cString: dir) }
        return "/tmp"
    }

    /// Every event in arrival order, read back from disk first, then memory.
    public func forEach(_ body: (LogEvent) throws -> Void) throws {
        try forEachRecord { timestamp, level, worker, message in
            try body(LogEvent(task: nil, timestamp: timestamp,
                              level: level.map { String(decoding: $0, as: UTF8.self) },
                              worker: worker.map { String(decoding: $0, as: UTF8.self) },
                              message: String(decoding: message, as: UTF8.self)))
        }
    }

    /// One record's fields as bytes, valid during the call that hands them on.
    public struct RecordView {
        /// Where the record starts, for `record(at:)`.
        public let offset: Int
        public let timestamp: Int64?
        public let level: UnsafeRawBufferPointer?
        public let worker: UnsafeRawBufferPointer?
        public let message: UnsafeRawBufferPointer
    }

    /// Every record as bytes, in arrival order; the buffers are valid during the call.
    public func forEachRecord(
        _ body: (Int64?, UnsafeRawBufferPointer?, UnsafeRawBufferPointer?, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try forEachView { try body($0.timestamp, $0.level, $0.worker, $0.message) }
    }

    /// The record that starts at `offset`.
    public func record<R>(at offset: Int, _ body: (RecordView) throws -> R) throws -> R {
        if offset >= fileSize {
            return try pending.withUnsafeBytes { bytes in
                var result: R?
                _ = try Self.parseRecords(UnsafeRawBufferPointer(rebasing: bytes[(offset - fileSize)...]), base: offset,
                                          limit: 1) { result = try body($0) }
                guard let result else { throw StoreError.spoolFailed("no log record at \(offset)") }
                return result
            }
        }
        var size = 4096
        while true {
            var window = [UInt8](repeating: 0, count: min(size, fileSize - offset))
            let got = window.withUnsafeMutableBytes { pread(file, $0.baseAddress!, $0.count, off_t(offset)) }
            guard got == window.count else { throw StoreError.spoolFailed("cannot read the log spool back") }
            var result: R?
            _ = try window.withUnsafeBytes { try Self.parseRecords($0, base: offset, limit: 1) { result = try body($0) } }
            if let result { return result }
            guard size < fileSize - offset else { throw StoreError.spoolFailed("damaged log spool at \(offset)") }
            size *= 4
        }
    }

    /// Every record with its offset, in arrival order.
    public func forEachView(_ body: (RecordView) throws -> Void) throws {
        if fileSize > 0, try !forEachMappedView(body) {
            var offset = 0
            var window = [UInt8](repeating: 0, count: min(fileSize, 1 << 20))
            while offset < fileSize {
                let n = try window.withUnsafeMutableBytes { buffer -> Int in
                    let got = pread(file, buffer.baseAddress!, min(buffer.count, fileSize - offset), off_t(offset))
                    guard got > 0 else { throw StoreError.spoolFailed("cannot read the log spool back") }
                    return got
                }
                let used = try window.withUnsafeBytes {
                    try Self.parseRecords(UnsafeRawBufferPointer(rebasing: $0[0..<n]), base: offset, body)
                }
                if used == 0 { window = [UInt8](repeating: 0, count: window.count * 2); continue }
                offset += used
            }
        }
        _ = try pending.withUnsafeBytes { try Self.parseRecords($0, base: fileSize, body) }
    }

    /// Reads the spool file back mapped, without copying, giving back each 4 MB window's pages
    /// once its records are handed on (so memory stays bounded). False when it cannot be mapped.
    private func forEachMappedView(_ body: (RecordView) throws -> Void) throws -> Bool {
        guard let mapped = mmap(nil, fileSize, PROT_READ, MAP_PRIVATE, file, 0), mapped != MAP_FAILED else { return false }
        defer { munmap(mapped, fileSize) }
        let all = UnsafeRawBufferPointer(start: mapped, count: fileSize)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var offset = 0, released = 0
        var window = 4 << 20
        while offset < fileSize {
            let end = min(fileSize, offset + window)
            let used = try Self.parseRecords(UnsafeRawBufferPointer(rebasing: all[offset..<end]), base: offset, body)
            if used == 0 {
                guard end < fileSize else { throw StoreError.spoolFailed("damaged log spool at \(offset)") }
                window *= 2
                continue
            }
            offset += used
            let releasable = offset / page * page
            if releasable > released {
                madvise(mapped + released, releasable - released, MADV_DONTNEED)
                released = releasable
            }
        }
        return true
    }

    /// Parses whole records at the front of `bytes`; returns the bytes they took.
    private static func parseRecords(_ bytes: UnsafeRawBufferPointer, base: Int, limit: Int = Int.max,
                                     _ body: (RecordView) throws -> Void) throws -> Int {
        var offset = 0
        var parsed = 0
        while offset + 8 <= bytes.count && parsed < limit {
            var cursor = offset + 8
            // Three fields, each a length (UInt32.max for absent) and its bytes.
            func field() -> UnsafeRawBufferPointer?? {
                guard cursor + 4 <= bytes.count else { return .none }
                let length = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: cursor, as: UInt32.self))
                cursor += 4
                if length == UInt32.max { return .some(nil) }
                guard cursor + Int(length) <= bytes.count else { return .none }
                defer { cursor += Int(length) }
                return .some(UnsafeRawBufferPointer(rebasing: bytes[cursor..<(cursor + Int(length))]))
            }
            guard let level = field(), let worker = field(), let message = field() else { return offset }
            let raw = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self))
            try body(RecordView(offset: base + offset, timestamp: raw == Int64.min ? nil : raw, level: level,
                                worker: worker, message: message ?? UnsafeRawBufferPointer(start: nil, count: 0)))
            offset = cursor
            parsed += 1
        }
        return offset
    }
}

/// What can go wrong while keeping a run.
public enum StoreError: Error, CustomStringConvertible {
    case spoolFailed(String)

    public var description: String {
        switch self {
        case let .spoolFailed(reason): return "cannot spool the log to a temporary file: \(reason)"
        }
    }
}
