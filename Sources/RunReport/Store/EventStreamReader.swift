import Foundation

/// Reads one stream of event lines (or one document) into runs: the scan loop, and the
/// parallel scan of a large plain file split at line boundaries.
struct EventStreamReader {
    let options: LoadOptions
    /// The name problems are reported under.
    let name: String
    let defaultTask: String?
    /// Set while the parts of one file are read in parallel: once it stops, so does each part.
    var stop: PartMerger?

    struct Outcome {
        var runs: [Run] = []
        var problems: [InputProblem] = []
        var bytes = 0
        var lines: UInt64 = 0
        /// The scan stopped when its series passed `LoadOptions.maxSeries`.
        var overSeriesLimit = false
    }

    /// Scans a stream of lines; an error of the stream is reported after what came before it.
    func readLines(_ source: ByteSource, atStreamStart: Bool = true, workspace: ScanWorkspace? = nil) -> Outcome {
        let workspace = workspace ?? ScanWorkspace(chunkSize: options.chunkSize)
        var batch = Batch(reader: self, scanner: workspace.scanner)
        var chunker = LineChunker(source: source, buffer: workspace.buffer, atStreamStart: atStreamStart,
                                  maxLineBytes: options.maxLineBytes)
        do {
            try chunker.forEachChunk { try batch.take($0) }
        } catch {
            batch.fail(error)
        }
        batch.skipped(chunker.skippedLines)
        return batch.finish()
    }

    /// Scans `range` of a mapped file in chunks of whole lines, in place.
    func readMapped(_ mapping: MappedFile, range: Range<Int>, atStreamStart: Bool, scanner: EventScanner) -> Outcome {
        var batch = Batch(reader: self, scanner: scanner)
        var position = range.lowerBound
        if atStreamStart, range.count >= 3, mapping[position..<(position + 3)].elementsEqual([0xEF, 0xBB, 0xBF]) { position += 3 }
        var line: UInt64 = 1
        var released = position
        let cap = min(options.maxLineBytes, Int.max / 4)
        let step = max(1, min(options.chunkSize, Self.mappedBatch, cap))
        var skipped: [UInt64] = []
        do {
            while position < range.upperBound {
                let from = min(position + step, range.upperBound) - 1
                let reach = min(range.upperBound, from + cap + 1)
                let end = mapping.lineEnd(from: from, limit: reach)
                // Lines before the one through `from` are shorter than `step`; that one may be over the cap.
                var start = end
                if end - position > cap {
                    start = mapping.lineStart(before: from, floor: position)
                    let newline = mapping[(end - 1)..<end].first == 0x0A
                    if (newline || end == range.upperBound) && end - start - (newline ? 1 : 0) <= cap { start = end }
                }
                if start > position {
                    line += try batch.take(LineChunker.Chunk(bytes: mapping[position..<start], readable: mapping.readable - position,
                                                             firstLine: line, endsInput: start == range.upperBound))
                }
                position = end
                if start < end {  // over the cap: passed over to its newline, its pages given back on the way
                    skipped.append(line)
                    line += 1
                    mapping.release(released..<start)
                    while position < range.upperBound, mapping[(position - 1)..<position].first != 0x0A {
                        mapping.release(start..<position)
                        position = mapping.lineEnd(from: position, limit: min(range.upperBound, position + options.chunkSize))
                    }
                    released = start
                }
                if position - released >= options.chunkSize || position == range.upperBound {
                    mapping.release(released..<position)
                    released = position
                }
            }
        } catch {
            batch.fail(error)
        }
        batch.skipped(skipped)
        return batch.finish()
    }

    /// One stream's chunks scanned into runs, and what was counted on the way.
    private struct Batch {
        let reader: EventStreamReader
        let scanner: EventScanner
        let builder: RunBuilder
        var outcome = Outcome()

        init(reader: EventStreamReader, scanner: EventScanner) {
            self.reader = reader
            self.scanner = scanner
            builder = RunBuilder(scanner: scanner, defaultTask: reader.defaultTask)
        }

        /// Scans a chunk; returns the lines it held.
        mutating func take(_ chunk: LineChunker.Chunk) throws -> UInt64 {
            let lines = scanner.scan(chunk)
            outcome.problems += scanner.problems(source: reader.name)
            outcome.problems += try builder.ingest(source: reader.name)
            scanner.clear()
            try builder.checkSeriesLimit(reader.options.seriesLeft)
            if reader.stop?.isStopped == true { throw InputError.tooManySeries(limit: reader.options.maxSeries, before: 0) }
            outcome.bytes += chunk.bytes.count
            outcome.lines += lines
            reader.options.progress?(chunk.bytes.count)
            return lines
        }

        /// Lines too long to read, reported in line order with the rest.
        mutating func skipped(_ lines: [UInt64]) {
            guard !lines.isEmpty else { return }
            let limit = reader.options.maxLineBytes
            outcome.problems += lines.map { InputProblem(source: reader.name, line: $0, reason: .unreadable(InputError.lineTooLong(limit: limit).description)) }
            outcome.problems.sort { ($0.line ?? 0) < ($1.line ?? 0) }
            outcome.lines += UInt64(lines.count)
        }

        /// Located at the line that could not be read: the one after the last whole line.
        mutating func fail(_ error: Error) {
            // Over the series limit: the whole input is refused once it is read.
            if case .tooManySeries = error as? InputError {
                outcome.overSeriesLimit = true
                return
            }
            outcome.problems.append(InputProblem(source: reader.name, line: outcome.lines + 1, reason: .unreadable(String(describing: error))))
        }

        func finish() -> Outcome {
            var result = outcome
            result.runs = builder.finish()
            return result
        }
    }

    /// Scans a whole stream as one JSON document.
    func readDocument(_ source: ByteSource) -> Outcome {
        var source = source
        var outcome = Outcome()
        do {
            let bytes = try source.readAll(limit: min(options.maxLineBytes, Int.max - 1) + 1)
            guard bytes.count <= options.maxLineBytes else {
                throw InputError.readFailed(path: name, reason: "the document is larger than \(options.maxLineBytes) bytes (--max-line-bytes)")
            }
            let buffer = PaddedBuffer(capacity: bytes.count)
            bytes.withUnsafeBytes { buffer.free.copyMemory(from: $0) }
            buffer.count = bytes.count
            let scanner = EventScanner()
            let builder = RunBuilder(scanner: scanner, defaultTask: defaultTask)
            scanner.scanDocument(buffer)
            outcome.problems += scanner.problems(source: name)
            outcome.problems += try builder.ingest(source: name)
            try builder.checkSeriesLimit(options.seriesLeft)
            outcome.runs = builder.finish()
            outcome.bytes = bytes.count
            options.progress?(bytes.count)
        } catch InputError.tooManySeries {
            outcome.overSeriesLimit = true  // refused whole once the input is read
        } catch {
            outcome.problems.append(InputProblem(source: name, reason: .unreadable(describe(error))))
        }
        return outcome
    }

    /// Scans a plain file, split between the workers when it is large.
    func readFile(_ file: OpenFile) -> Outcome {
        let ranges = (try? splitAtLines(file)) ?? [0..<file.size]
        let mapping = options.mapFiles ? MappedFile(file) : nil
        if ranges.count == 1 { return readPart(0, of: ranges, mapping: mapping, file: file, workspace: nil) }
        let merger = PartMerger(seriesLimit: options.seriesLeft)
        var reader = self
        reader.stop = merger
        let workspaces = ScanWorkspace.Pool(chunkSize: mapping == nil ? options.chunkSize : 0)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
            guard !merger.isStopped else { return }  // the input is refused: the rest is not read
            let workspace = workspaces.take()
            let part = reader.readPart(index, of: ranges, mapping: mapping, file: file, workspace: workspace)
            workspaces.give(workspace)
            merger.add(part, at: index)
        }
        return merger.finish()
    }

    private func readPart(_ index: Int, of ranges: [Range<Int>], mapping: MappedFile?, file: OpenFile,
                          workspace: ScanWorkspace?) -> Outcome {
        guard let mapping else {
            return readLines(FileSource(file: file, range: ranges[index]), atStreamStart: index == 0, workspace: workspace)
        }
        return readMapped(mapping, range: ranges[index], atStreamStart: index == 0, scanner: workspace?.scanner ?? EventScanner())
    }

    /// Ranges each ending just after a newline, from large to small: each part is what is left
    /// over twice the workers (at least `minimumPart`, at most a worker's share, so that every
    /// worker has one), taken in turn by whichever worker is free. The small parts at the end
    /// even the workers out, so that one slowed by the host, or given the last large part, does
    /// not leave the others waiting.
    private func splitAtLines(_ file: OpenFile) throws -> [Range<Int>] {
        let workers = max(1, options.workers)
        guard workers > 1, file.size >= options.parallelThreshold else { return [0..<file.size] }
        var bounds = [0]
        while let start = bounds.last, start < file.size {
            let part = min(max(Self.minimumPart, (file.size - start) / (2 * workers)), (file.size + workers - 1) / workers)
            var position = start + part
            var found = false
            while position < file.size && !found {
                let window = try file.bytes(at: position, count: 1 << 16)
                if let newline = window.firstIndex(of: 0x0A) {
                    position += newline + 1
                    found = true
                } else {
                    position += window.count
                }
            }
            bounds.append(min(position, file.size))
        }
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }
    }

    /// Bytes of a mapped file scanned at a time: the batch of events they make (128 bytes each)
    /// stays in the core's cache for the ingest that reads it next.
    static let mappedBatch = 256 << 10
    static let minimumPart = 1 << 20

    private func describe(_ error: Error) -> String {
        String(describing: error)
    }
}

/// What one worker scans with: the scanner (its names and batch buffers) and the chunk buffer,
/// kept from one part of a file to the next instead of allocated and faulted in again.
final class ScanWorkspace: @unchecked Sendable {
    let scanner = EventScanner()
    let buffer: PaddedBuffer

    init(chunkSize: Int) { buffer = PaddedBuffer(capacity: chunkSize) }

    /// Workspaces free for the next part.
    final class Pool: @unchecked Sendable {
        private let chunkSize: Int
        private var free: [ScanWorkspace] = []
        private let lock = NSLock()

        init(chunkSize: Int) { self.chunkSize = chunkSize }

        func take() -> ScanWorkspace { lock.withLock { free.popLast() } ?? ScanWorkspace(chunkSize: chunkSize) }
        func give(_ workspace: ScanWorkspace) { lock.withLock { free.append(workspace) } }
    }
}

/// Results written by parallel workers, one slot each.
final class Slots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    var values: [Value] { lock.withLock { storage.compactMap { $0 } } }
}

/// Merges runs by id, keeping the order in which ids were first seen.
enum RunMerger {
    /// Adds `second` to `result` in place: a copy of `result` would copy every series table
    /// it holds (a run of a million series, once a part).
    static func merge(_ second: [Run], into result: inout [Run]) {
        var index = Dictionary(uniqueKeysWithValues: result.enumerated().map { ($1.id, $0) })
        for run in second {
            if let existing = index[run.id] {
                result[existing].absorb(run)
            } else {
                index[run.id] = result.count
                result.append(run)
            }
        }
    }
}
