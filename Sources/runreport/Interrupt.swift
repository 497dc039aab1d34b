import Dispatch
import Foundation

/// Ctrl-C (SIGINT) and SIGTERM as a request to stop cleanly: the first sets `requested`, which
/// long work checks between items; a second ends the process at once.
final class Interrupt: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var sources: [DispatchSourceSignal] = []

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.received() }
            source.resume()
            sources.append(source)
        }
    }

    private func received() {
        let times = lock.withLock { count += 1; return count }
        if times == 1 {
            FileHandle.standardError.write("\nrunreport: stopping after the runs under way (Ctrl-C again to quit now)\n".data(using: .utf8)!)
        } else {
            _exit(130)
        }
    }

    var requested: Bool { lock.withLock { count > 0 } }
}
